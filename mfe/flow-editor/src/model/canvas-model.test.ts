import { describe, expect, it } from 'vitest'
import type { NodeTypeInfo } from '@troupe/sdk'
import { toCanvasEdges, toCanvasNodes } from './canvas-model.ts'
import { noErrors } from './validation-errors.ts'

const info = (type: string, displayName: string, inputs: string[], outputs: string[]) =>
  [type, { type, displayName, category: 'Logic', trigger: inputs.length === 0, inputs: inputs.map((name) => ({ name })), outputs: outputs.map((name) => ({ name })) }] as const
const types = new Map([info('trigger.manual', 'Manual trigger', [], ['main']), info('logic.condition', 'Condition', ['main'], ['true', 'false'])]) as unknown as Map<
  string,
  NodeTypeInfo
>

const nodes = [
  { id: 'start', type: 'trigger.manual', position: { x: 10, y: 20 } },
  { id: 'check', type: 'logic.condition', label: 'Big order?' },
  { id: 'odd', type: 'acme.gone' }
]

describe('canvas model', () => {
  it('maps nodes with their ports, status, errors and selection', () => {
    const errors = { ...noErrors(), nodes: { check: { node: ['type is wrong'], params: { expression: 'is required' }, settings: { timeoutMs: 'must be >= 1' } } } }
    const canvas = toCanvasNodes(nodes, types, { start: 'succeeded', check: 'running' }, errors, ['check'])
    expect(canvas[0]).toMatchObject({ id: 'start', position: { x: 10, y: 20 }, selected: false, data: { label: 'start', typeLabel: 'Manual trigger', inputs: [], outputs: ['main'], status: 'succeeded', trigger: true } })
    expect(canvas[1]).toMatchObject({ selected: true, data: { label: 'Big order?', outputs: ['true', 'false'], status: 'running', errors: ['type is wrong', 'expression: is required', 'timeoutMs: must be >= 1'] } })
    expect(canvas[1]!.position).toEqual({ x: 320, y: 80 })
    expect(canvas[2]!.data).toMatchObject({ typeLabel: 'acme.gone', inputs: ['main'], outputs: ['main'] })
  })

  it('fills in handles, labels branches, and marks invalid and flowing edges', () => {
    const edges = [
      { id: 'a', source: 'start', target: 'check' },
      { id: 'b', source: 'check', target: 'odd', sourceHandle: 'false' }
    ]
    const errors = { ...noErrors(), edges: { b: ['target unknown'] } }
    expect(toCanvasEdges(edges, types, nodes, { start: 'succeeded', check: 'running' }, errors)).toEqual([
      { id: 'a', source: 'start', target: 'check', sourceHandle: 'main', targetHandle: 'main', label: undefined, class: undefined, animated: true },
      { id: 'b', source: 'check', target: 'odd', sourceHandle: 'false', targetHandle: 'main', label: 'false', class: 'edge--invalid', animated: false }
    ])
  })
})
