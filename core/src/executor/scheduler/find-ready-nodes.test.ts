import { describe, expect, it } from 'vitest'
import { compileFlow, type CompiledFlow } from '../graph/compile-flow.js'
import { sampleFlow, sampleLookup } from '../graph/sample-flows.js'
import { findReadyNodes } from './find-ready-nodes.js'
import type { NodeState } from './node-state.js'

const states = (entries: Record<string, NodeState>) => new Map(Object.entries(entries))

// A condition whose branches are two nodes deep and meet again; `after` hangs off the false branch only.
const branching = compileFlow(
  sampleFlow(
    {
      start: 'test.trigger',
      check: 'logic.condition',
      yes1: 'test.step',
      yes2: 'test.step',
      no1: 'test.step',
      no2: 'test.step',
      after: 'test.sink',
      join: 'test.sink'
    },
    [
      'start->check',
      'check:true->yes1',
      'yes1->yes2',
      'check:false->no1',
      'no1->no2',
      'no2->after',
      'yes2->join',
      'no2->join'
    ]
  ),
  sampleLookup
)

/** Applies the scheduler's answers as a runner would, every ready node succeeding with `ports[id]`. */
function runToEnd(graph: CompiledFlow, ports: Record<string, string>) {
  const current = new Map<string, NodeState>()
  const rounds: { ready: string[]; skip: string[] }[] = []
  for (;;) {
    const next = findReadyNodes(graph, current)
    if (next.ready.length === 0 && next.skip.length === 0) return { rounds, states: current }
    rounds.push(next)
    for (const id of next.skip) current.set(id, { status: 'skipped' })
    for (const id of next.ready) current.set(id, { status: 'succeeded', port: ports[id] })
  }
}

describe('findReadyNodes', () => {
  it('starts every node nothing leads into', () => {
    const flow = sampleFlow({ t: 'test.trigger', a: 'test.step', r: 'test.source' }, ['t->a'])
    const graph = compileFlow(flow, sampleLookup)
    expect(findReadyNodes(graph, new Map())).toEqual({ ready: ['t', 'r'], skip: [] })
  })

  it('waits for every edge in to be decided', () => {
    const graph = compileFlow(
      sampleFlow({ a: 'test.step', b: 'test.step', c: 'test.sink' }, ['a->c', 'b->c']),
      sampleLookup
    )
    expect(findReadyNodes(graph, states({ a: { status: 'succeeded' }, b: { status: 'running' } }))).toEqual({
      ready: [],
      skip: []
    })
    expect(findReadyNodes(graph, states({ a: { status: 'succeeded' }, b: { status: 'succeeded' } }))).toEqual({
      ready: ['c'],
      skip: []
    })
  })

  it('lists only pending nodes', () => {
    expect(findReadyNodes(branching, states({ start: { status: 'running' } }))).toEqual({ ready: [], skip: [] })
    const checking = states({ start: { status: 'succeeded' }, check: { status: 'running' } })
    expect(findReadyNodes(branching, checking)).toEqual({ ready: [], skip: [] })
  })

  it('skips the untaken branch to its end in one call, and holds the join for the taken one', () => {
    const after = states({ start: { status: 'succeeded' }, check: { status: 'succeeded', port: 'true' } })
    expect(findReadyNodes(branching, after)).toEqual({ ready: ['yes1'], skip: ['no1', 'no2', 'after'] })
  })

  it('runs the join once the taken branch reaches it', () => {
    const { rounds, states: final } = runToEnd(branching, { check: 'true' })
    expect(rounds).toEqual([
      { ready: ['start'], skip: [] },
      { ready: ['check'], skip: [] },
      { ready: ['yes1'], skip: ['no1', 'no2', 'after'] },
      { ready: ['yes2'], skip: [] },
      { ready: ['join'], skip: [] }
    ])
    expect(final.get('join')).toEqual({ status: 'succeeded', port: undefined })
  })

  it('follows the false branch just as well', () => {
    const { rounds } = runToEnd(branching, { check: 'false' })
    expect(rounds.slice(2)).toEqual([
      { ready: ['no1'], skip: ['yes1', 'yes2'] },
      { ready: ['no2'], skip: [] },
      { ready: ['after', 'join'], skip: [] }
    ])
  })

  it('runs every branch of a node that took no particular port', () => {
    const after = states({ start: { status: 'succeeded' }, check: { status: 'succeeded' } })
    expect(findReadyNodes(branching, after)).toEqual({ ready: ['yes1', 'no1'], skip: [] })
  })

  it('skips what only skipped nodes feed, including a join of two skipped branches', () => {
    const outer = compileFlow(
      sampleFlow({ c: 'logic.condition', inner: 'logic.condition', x: 'test.step', y: 'test.step', j: 'test.sink' }, [
        'c:true->inner',
        'inner:true->x',
        'inner:false->y',
        'x->j',
        'y->j'
      ]),
      sampleLookup
    )
    expect(findReadyNodes(outer, states({ c: { status: 'succeeded', port: 'false' } }))).toEqual({
      ready: [],
      skip: ['inner', 'x', 'y', 'j']
    })
  })

  it('leaves nodes behind a failed or cancelled node to the runner', () => {
    for (const status of ['failed', 'cancelled'] as const) {
      const after = states({ start: { status: 'succeeded' }, check: { status } })
      expect(findReadyNodes(branching, after)).toEqual({ ready: [], skip: [] })
    }
    const graph = compileFlow(
      sampleFlow({ a: 'test.step', b: 'test.step', c: 'test.sink' }, ['a->c', 'b->c']),
      sampleLookup
    )
    expect(findReadyNodes(graph, states({ a: { status: 'failed' }, b: { status: 'skipped' } }))).toEqual({
      ready: [],
      skip: []
    })
  })

  it('returns the whole closure: applying it leaves nothing more to skip', () => {
    const after = states({ start: { status: 'succeeded' }, check: { status: 'succeeded', port: 'false' } })
    const first = findReadyNodes(branching, after)
    for (const id of first.skip) after.set(id, { status: 'skipped' })
    expect(findReadyNodes(branching, after).skip).toEqual([])
  })

  it('does not change the states it is given', () => {
    const given = states({ start: { status: 'succeeded' }, check: { status: 'succeeded', port: 'true' } })
    findReadyNodes(branching, given)
    expect([...given.keys()]).toEqual(['start', 'check'])
  })
})
