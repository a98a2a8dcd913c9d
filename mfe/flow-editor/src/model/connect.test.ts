import { describe, expect, it } from 'vitest'
import type { NodeTypeInfo } from '@troupe/sdk'
import { connectionToEdge } from './connect.ts'
import type { Graph } from './graph.ts'

const port = (name: string) => ({ name })
const types: Record<string, Pick<NodeTypeInfo, 'displayName' | 'inputs' | 'outputs'>> = {
  'trigger.manual': { displayName: 'Manual trigger', inputs: [], outputs: [port('main')] },
  'logic.condition': { displayName: 'Condition', inputs: [port('main')], outputs: [port('true'), port('false')] },
  'flow.output': { displayName: 'Output', inputs: [port('main')], outputs: [] }
}
const typeOf = (type: string) => types[type] as NodeTypeInfo | undefined

const graph: Graph = {
  nodes: [
    { id: 'start', type: 'trigger.manual' },
    { id: 'check', type: 'logic.condition', params: { expression: 'input.n > 1' } },
    { id: 'out', type: 'flow.output' }
  ],
  edges: [{ id: 'start-check', source: 'start', target: 'check' }]
}

describe('connectionToEdge', () => {
  it('drops the handle of single-port sides and keeps it where the type has several ports', () => {
    expect(connectionToEdge(graph, { source: 'start', target: 'out', sourceHandle: 'main', targetHandle: 'main' }, typeOf)).toEqual({
      edge: { id: 'start-out', source: 'start', target: 'out' }
    })
    expect(connectionToEdge(graph, { source: 'check', target: 'out', sourceHandle: 'true', targetHandle: 'main' }, typeOf)).toEqual({
      edge: { id: 'check-true-out', source: 'check', target: 'out', sourceHandle: 'true' }
    })
  })

  it('refuses self loops, duplicates, and edges into a trigger or out of an output', () => {
    expect(connectionToEdge(graph, { source: 'check', target: 'check' }, typeOf)).toEqual({ refused: 'A node cannot feed itself' })
    expect(connectionToEdge(graph, { source: 'start', target: 'check' }, typeOf)).toEqual({ refused: 'These nodes are already connected' })
    expect(connectionToEdge(graph, { source: 'check', target: 'start', sourceHandle: 'true' }, typeOf)).toEqual({ refused: 'Manual trigger has no input' })
    expect(connectionToEdge(graph, { source: 'out', target: 'check' }, typeOf)).toEqual({ refused: 'Output has no output' })
  })
})
