import { describe, expect, it } from 'vitest'
import type { CompiledEdge } from '../graph/compile-flow.js'
import { edgeState } from './edge-state.js'
import type { NodeState } from './node-state.js'

const edge = (sourceHandle?: string): CompiledEdge => ({ id: 'e', source: 'a', target: 'b', sourceHandle })

describe('edgeState', () => {
  it.each<[string | undefined, NodeState, string]>([
    ['true', { status: 'succeeded' }, 'active'],
    ['true', { status: 'succeeded', port: 'true' }, 'active'],
    ['false', { status: 'succeeded', port: 'true' }, 'dead'],
    [undefined, { status: 'succeeded', port: 'main' }, 'active'],
    [undefined, { status: 'succeeded', port: 'true' }, 'dead'],
    [undefined, { status: 'succeeded' }, 'active'],
    ['main', { status: 'skipped' }, 'dead'],
    ['main', { status: 'pending' }, 'undecided'],
    ['main', { status: 'running' }, 'undecided'],
    ['main', { status: 'failed' }, 'undecided'],
    ['main', { status: 'cancelled' }, 'undecided']
  ])('an edge from %s when the source is %j is %s', (sourceHandle, source, expected) => {
    expect(edgeState(edge(sourceHandle), source)).toBe(expected)
  })
})
