import { describe, expect, it } from 'vitest'
import { compileFlow } from '../graph/compile-flow.js'
import { sampleFlow, sampleLookup } from '../graph/sample-flows.js'
import { isFinished } from './is-finished.js'
import type { NodeState } from './node-state.js'

describe('isFinished', () => {
  const graph = compileFlow(sampleFlow({ a: 'test.step', b: 'test.step' }, ['a->b']), sampleLookup)
  const states = (a: NodeState['status'], b?: NodeState['status']) =>
    new Map<string, NodeState>([['a', { status: a }], ...(b ? [['b', { status: b }] as const] : [])])

  it('is not finished while a node is pending, running, or has no state yet', () => {
    expect(isFinished(graph, new Map())).toBe(false)
    expect(isFinished(graph, states('succeeded'))).toBe(false)
    expect(isFinished(graph, states('succeeded', 'running'))).toBe(false)
    expect(isFinished(graph, states('failed', 'pending'))).toBe(false)
  })

  it('is finished once every node succeeded, failed, was skipped or cancelled', () => {
    expect(isFinished(graph, states('succeeded', 'succeeded'))).toBe(true)
    expect(isFinished(graph, states('failed', 'cancelled'))).toBe(true)
    expect(isFinished(graph, states('succeeded', 'skipped'))).toBe(true)
  })

  it('counts an empty flow as finished', () => {
    expect(isFinished(compileFlow({ nodes: [], edges: [] }, sampleLookup), new Map())).toBe(true)
  })
})
