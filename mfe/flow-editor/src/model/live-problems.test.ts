import { describe, expect, it } from 'vitest'
import type { NodeTypeInfo } from '@troupe/sdk'
import { liveProblems } from './live-problems.ts'

const port = (name: string) => ({ name })
const types: Record<string, Partial<NodeTypeInfo>> = {
  'trigger.manual': { trigger: true, inputs: [], outputs: [port('main')] },
  'llm.prompt': { trigger: false, inputs: [port('main')], outputs: [port('main')], params: { type: 'object', properties: { prompt: { type: 'string', title: 'Prompt' } }, required: ['prompt'] } },
  'flow.output': { trigger: false, inputs: [port('main')], outputs: [] }
}
const typeOf = (type: string) => types[type] as NodeTypeInfo | undefined

describe('liveProblems', () => {
  it('finds nothing in a sound flow', () => {
    const graph = {
      nodes: [
        { id: 'manual', type: 'trigger.manual' },
        { id: 'ask', type: 'llm.prompt', params: { prompt: 'Hi' } },
        { id: 'out', type: 'flow.output' }
      ],
      edges: [
        { id: 'a', source: 'manual', target: 'ask' },
        { id: 'b', source: 'ask', target: 'out' }
      ]
    }
    expect(liveProblems(graph, typeOf)).toEqual({ nodes: {}, flow: [] })
  })

  it('names by label a loop, an unconnected node and an empty required param, and says when there is no trigger', () => {
    const graph = {
      nodes: [
        { id: 'ask', type: 'llm.prompt', label: 'Ask', params: { prompt: ' ' } },
        { id: 'again', type: 'llm.prompt', label: 'Ask again', params: { prompt: 'x' } },
        { id: 'out', type: 'flow.output' },
        { id: 'mystery', type: 'no.such.type' }
      ],
      edges: [
        { id: 'a', source: 'ask', target: 'again' },
        { id: 'b', source: 'again', target: 'ask' }
      ]
    }
    expect(liveProblems(graph, typeOf)).toEqual({
      nodes: {
        ask: ['Prompt is required', 'Part of a loop'],
        again: ['Part of a loop'],
        out: ['Not connected: nothing runs it (it would start the flow on its own)']
      },
      flow: ['The flow has no trigger: add one to start it', 'A loop: Ask → Ask again → Ask. A flow runs each node once, so a loop never ends.']
    })
  })

  it('walks a long chain without overflowing the stack', () => {
    const nodes = [{ id: 'n0', type: 'trigger.manual' }, ...Array.from({ length: 20_000 }, (_, index) => ({ id: `n${index + 1}`, type: 'flow.output' }))]
    const edges = Array.from({ length: 20_000 }, (_, index) => ({ id: `e${index}`, source: `n${index}`, target: `n${index + 1}` }))
    expect(liveProblems({ nodes, edges }, typeOf).flow).toEqual([])
  })
})
