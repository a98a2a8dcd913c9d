import { describe, expect, it } from 'vitest'
import type { ExecutionEvent } from '@troupe/sdk'
import { buildNodeRuns, timelineBar } from './node-runs.ts'

let seq = 0
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString()
const event = (type: string, nodeId: string | null, data: Record<string, unknown>, ms: number): ExecutionEvent => ({
  executionId: 'e1',
  seq: ++seq,
  type,
  nodeId,
  data,
  createdAt: at(ms)
})

const flow = {
  nodes: [
    { id: 'start', type: 'trigger.manual' },
    { id: 'check', type: 'logic.condition', params: { expression: 'input.n > 1' } },
    { id: 'ask', type: 'llm.prompt', label: 'Ask', params: { prompt: 'hi' } },
    { id: 'no', type: 'flow.output' },
    { id: 'out', type: 'flow.output' }
  ],
  edges: [
    { id: 'a', source: 'start', target: 'check' },
    { id: 'b', source: 'check', target: 'ask', sourceHandle: 'true' },
    { id: 'c', source: 'check', target: 'no', sourceHandle: 'false' },
    { id: 'd', source: 'ask', target: 'out' }
  ]
}

describe('buildNodeRuns', () => {
  seq = 0
  const events = [
    event('execution.started', null, {}, 0),
    event('node.started', 'start', { type: 'trigger.manual' }, 1),
    event('node.completed', 'start', { output: { n: 5 } }, 2),
    event('node.started', 'check', { type: 'logic.condition' }, 3),
    event('node.completed', 'check', { output: { n: 5 }, port: 'true' }, 4),
    event('node.skipped', 'no', {}, 5),
    event('node.started', 'ask', { type: 'llm.prompt' }, 6),
    event('token', 'ask', { token: 'echo: ' }, 7),
    event('token', 'ask', { token: 'hi' }, 8),
    event('log', 'ask', { level: 'info', message: 'LLM answered' }, 9)
  ]

  it('gathers status, timing, streamed tokens and logs per node, in the order they happened', () => {
    const runs = buildNodeRuns(events, flow, { n: 5 })
    expect(runs.map((run) => [run.nodeId, run.status])).toEqual([
      ['start', 'succeeded'],
      ['check', 'succeeded'],
      ['no', 'skipped'],
      ['ask', 'running'],
      ['out', 'pending']
    ])
    const ask = runs.find((run) => run.nodeId === 'ask')!
    expect(ask).toMatchObject({ label: 'Ask', type: 'llm.prompt', attempts: 1, tokens: 'echo: hi', startedAt: at(6) })
    expect(ask.logs).toEqual([{ seq: 10, level: 'info', message: 'LLM answered', at: at(9) }])
  })

  it('marks the nodes a re-run kept from the run it came from', () => {
    const runs = buildNodeRuns([event('node.completed', 'start', { output: { n: 2 }, reusedFrom: 'e0' }, 0), event('node.started', 'check', {}, 1)], undefined, {})
    expect(runs.find((run) => run.nodeId === 'start')).toMatchObject({ status: 'succeeded', reusedFrom: 'e0', output: { n: 2 } })
    expect(runs.find((run) => run.nodeId === 'check')?.reusedFrom).toBeUndefined()
  })

  it('marks the nodes a test run gave pinned data, and those a test of one node left out', () => {
    const runs = buildNodeRuns(
      [event('node.completed', 'start', { output: { n: 2 }, pinned: true }, 0), event('node.skipped', 'after', { notTestedBy: 'check' }, 1), event('node.started', 'check', {}, 2)],
      undefined,
      {}
    )
    expect(runs.find((run) => run.nodeId === 'start')).toMatchObject({ status: 'succeeded', pinned: true, output: { n: 2 } })
    expect(runs.find((run) => run.nodeId === 'after')).toMatchObject({ status: 'skipped', notTestedBy: 'check' })
    expect(runs.find((run) => run.nodeId === 'check')).not.toHaveProperty('pinned')
  })

  it('shows only the answer of the provider that took over after a failover mid-answer', () => {
    const failedOver = [
      ...events,
      event('llm.failover', 'ask', { providerName: 'A', discardStreamedTokens: true, discardedTokens: 2 }, 10),
      event('token', 'ask', { token: 'echo: hi' }, 11)
    ]
    expect(buildNodeRuns(failedOver, flow, { n: 5 }).find((run) => run.nodeId === 'ask')!.tokens).toBe('echo: hi')
    const beforeAnyToken = [...events.slice(0, 7), event('llm.failover', 'ask', { providerName: 'A' }, 7), ...events.slice(7)]
    expect(buildNodeRuns(beforeAnyToken, flow, { n: 5 }).find((run) => run.nodeId === 'ask')!.tokens).toBe('echo: hi')
  })

  it('derives each node input from what fed it: the execution input for the trigger, the taken branch only', () => {
    const runs = buildNodeRuns(events, flow, { n: 5 })
    const input = (id: string) => runs.find((run) => run.nodeId === id)!.input
    expect(input('start')).toEqual({ n: 5 })
    expect(input('check')).toEqual({ n: 5 })
    expect(input('ask')).toEqual({ n: 5 })
    expect(input('no')).toBeUndefined()
  })

  it('reads the usage and cost of an LLM node from its output, and failures with their error', () => {
    const more = [
      ...events,
      event('node.completed', 'ask', { output: { text: 'echo: hi', usage: { promptTokens: 2, completionTokens: 4, costUsd: 0.001 } } }, 10),
      event('node.started', 'out', { type: 'flow.output' }, 11),
      event('node.failed', 'out', { error: 'timed out after 5 ms' }, 12)
    ]
    const runs = buildNodeRuns(more, flow, {})
    expect(runs.find((run) => run.nodeId === 'ask')!.usage).toEqual({ promptTokens: 2, completionTokens: 4, costUsd: 0.001 })
    expect(runs.find((run) => run.nodeId === 'out')).toMatchObject({ status: 'failed', error: 'timed out after 5 ms', finishedAt: at(12) })
  })

  it('works without the flow (deleted since), from events alone', () => {
    expect(buildNodeRuns(events, undefined, {}).map((run) => run.nodeId)).toEqual(['start', 'check', 'no', 'ask'])
  })

  it('shows a node that waits with why, and its resumed run as the same attempt', () => {
    const waited = [event('node.started', 'ask', { type: 'human.approval' }, 10), event('node.waiting', 'ask', { reason: 'Approve the order' }, 11)]
    const [waiting] = buildNodeRuns(waited, undefined, {})
    expect(waiting).toMatchObject({ nodeId: 'ask', status: 'waiting', waitingFor: 'Approve the order', attempts: 1 })
    const resumed = [...waited, event('node.started', 'ask', { type: 'human.approval' }, 20), event('node.completed', 'ask', { output: 'yes' }, 21)]
    const [done] = buildNodeRuns(resumed, undefined, {})
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, output: 'yes' })
    expect(done.waitingFor).toBeUndefined()
  })
})

describe('timelineBar', () => {
  it('places a node on the execution timeline, running nodes up to now', () => {
    const start = Date.parse(at(0))
    expect(timelineBar({ nodeId: 'a', status: 'succeeded', attempts: 1, logs: [], tokens: '', startedAt: at(250), finishedAt: at(750) }, start, start + 1000)).toEqual({ left: 25, width: 50 })
    expect(timelineBar({ nodeId: 'a', status: 'running', attempts: 1, logs: [], tokens: '', startedAt: at(500) }, start, start + 1000)).toEqual({ left: 50, width: 50 })
    expect(timelineBar({ nodeId: 'a', status: 'pending', attempts: 0, logs: [], tokens: '' }, start, start + 1000)).toBeUndefined()
  })
})
