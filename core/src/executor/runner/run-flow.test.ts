import { inProcessLogic } from '@troupe/sdk/logic'
import { describe, expect, it } from 'vitest'
import type { FlowEdge, FlowNode } from '@troupe/sdk'
import type { NodeType } from '@troupe/sdk/plugin'
import { compileFlow } from '../graph/compile-flow.js'
import { MemoryRecorder } from '../persistence/memory-recorder.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { runFlow, type ResumedNode } from './run-flow.js'
import { ExecutionServices } from '../node-services.js'

const port = (name: string) => ({ name })
const objectSchema = (properties: Record<string, unknown> = {}) => ({ type: 'object', properties, additionalProperties: true })
const executed: string[] = []

const types: Record<string, NodeType<never>> = {
  'test.start': { type: 'test.start', displayName: 's', description: 's', category: 't', trigger: true, params: objectSchema(), inputs: [], outputs: [port('main')], execute: async (ctx) => ({ output: ctx.executionInput }) },
  'test.wait': {
    type: 'test.wait', displayName: 'w', description: 'w', category: 't', params: objectSchema({ ms: { type: 'integer' } }), inputs: [port('main')], outputs: [port('main')],
    execute: async (ctx) => {
      executed.push(ctx.nodeId)
      await sleep((ctx.params as { ms: number }).ms, undefined, { signal: ctx.signal })
      return { output: ctx.nodeId }
    }
  },
  'test.branch': {
    type: 'test.branch', displayName: 'b', description: 'b', category: 't', params: objectSchema({ take: { type: 'string' } }), inputs: [port('main')], outputs: [port('true'), port('false')],
    execute: async (ctx) => ({ output: ctx.input, port: (ctx.params as { take: string }).take })
  },
  'test.flaky': {
    type: 'test.flaky', displayName: 'f', description: 'f', category: 't', params: objectSchema({ failures: { type: 'integer' } }), inputs: [port('main')], outputs: [port('main')],
    execute: async (ctx) => {
      executed.push(ctx.nodeId)
      if (executed.filter((id) => id === ctx.nodeId).length <= (ctx.params as { failures: number }).failures) throw new Error('flaked')
      return { output: 'finally' }
    }
  },
  'test.echo': {
    type: 'test.echo', displayName: 'e', description: 'e', category: 't', params: objectSchema({ text: { type: 'string' } }), inputs: [port('main')], outputs: [port('main')],
    execute: async (ctx) => {
      executed.push(ctx.nodeId)
      ctx.emit({ type: 'token', data: { token: 'x' } })
      return { output: (ctx.params as { text?: string }).text ?? ctx.input }
    }
  },
  'test.busy': {
    type: 'test.busy', displayName: 'b', description: 'b', category: 't', params: objectSchema(), inputs: [port('main')], outputs: [port('main')],
    // Answers at once after a millisecond of work: a chain of these never waits for anything.
    execute: async (ctx) => {
      const until = performance.now() + 1
      while (performance.now() < until);
      return { output: ctx.input }
    }
  },
  'test.ask': {
    type: 'test.ask', displayName: 'a', description: 'a', category: 't', params: objectSchema({ reason: {} }), inputs: [port('main')], outputs: [port('main')],
    // Waits for a person (`reason` as given, so a test can break the contract); once resumed, outputs the answer.
    execute: async (ctx) => {
      executed.push(ctx.nodeId)
      if (ctx.resume) return { output: { answer: ctx.resume.data, asked: ctx.input } }
      return { output: 'ignored', wait: { reason: (ctx.params as { reason?: string }).reason as string, data: { question: ctx.input } } }
    }
  },
  'test.fail': {
    type: 'test.fail', displayName: 'f', description: 'f', category: 't', params: objectSchema({ ms: { type: 'integer' } }), inputs: [port('main')], outputs: [port('main')],
    execute: async (ctx) => {
      await sleep((ctx.params as { ms?: number }).ms ?? 0, undefined, { signal: ctx.signal })
      throw new Error('broke')
    }
  },
  'flow.output': { type: 'flow.output', displayName: 'o', description: 'o', category: 't', params: objectSchema(), inputs: [port('main')], outputs: [], execute: async (ctx) => ({ output: ctx.input }) }
}

function run(nodes: FlowNode[], edges: Array<[string, string, string?]>, options: { input?: unknown; signal?: AbortSignal; resumed?: Map<string, ResumedNode>; concurrency?: number } = {}) {
  executed.length = 0
  const flowEdges: FlowEdge[] = edges.map(([source, target, sourceHandle], index) => ({ id: `e${index}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) }))
  const graph = compileFlow({ nodes, edges: flowEdges }, (type) => types[type])
  const recorder = new MemoryRecorder()
  const result = runFlow({
    executionId: 'x',
    tenantId: 't',
    graph,
    nodeType: (type) => types[type],
    input: options.input ?? {},
    signal: options.signal ?? new AbortController().signal,
    recorder,
    services: new ExecutionServices({
      llm: () => ({ chat: async () => { throw new Error('no llm') } }),
      tools: () => ({ describe: async () => { throw new Error('no tools') }, call: async () => { throw new Error('no tools') } }),
      records: () => ({ get: async () => { throw new Error('no records') }, find: async () => [], create: async () => { throw new Error('no records') } }),
      logic: () => inProcessLogic(),
      subflows: () => ({ start: async () => ({}) as never }),
      pluginOf: () => undefined
    }),
    concurrency: options.concurrency,
    resumed: options.resumed
  })
  return { result, recorder }
}

const node = (id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<FlowNode> = {}): FlowNode => ({ id, type, params, ...extra })

describe('runFlow', () => {
  it('runs independent branches in parallel and collects the flow output', async () => {
    const started = Date.now()
    const { result, recorder } = run(
      [node('s', 'test.start'), node('a', 'test.wait', { ms: 150 }), node('b', 'test.wait', { ms: 150 }), node('c', 'test.wait', { ms: 150 }), node('out', 'flow.output')],
      [['s', 'a'], ['s', 'b'], ['s', 'c'], ['a', 'out'], ['b', 'out'], ['c', 'out']]
    )
    const outcome = await result
    expect(Date.now() - started).toBeLessThan(400)
    expect(outcome).toEqual({ status: 'succeeded', output: { a: 'a', b: 'b', c: 'c' } })
    expect(recorder.events.map((event) => event.seq)).toEqual(recorder.events.map((_event, index) => index + 1))
  })

  it('respects the concurrency limit', async () => {
    const started = Date.now()
    const { result } = run(
      [node('s', 'test.start'), node('a', 'test.wait', { ms: 100 }), node('b', 'test.wait', { ms: 100 }), node('c', 'test.wait', { ms: 100 })],
      [['s', 'a'], ['s', 'b'], ['s', 'c']],
      { concurrency: 1 }
    )
    await result
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('skips the branch a condition did not take, and what only it feeds', async () => {
    const { result, recorder } = run(
      [node('s', 'test.start'), node('if', 'test.branch', { take: 'true' }), node('yes', 'test.echo', { text: 'yes' }), node('no', 'test.echo'), node('no2', 'test.echo'), node('out', 'flow.output')],
      [['s', 'if'], ['if', 'yes', 'true'], ['if', 'no', 'false'], ['no', 'no2'], ['yes', 'out']]
    )
    expect(await result).toEqual({ status: 'succeeded', output: 'yes' })
    expect(recorder.nodes.get('no')?.status).toBe('skipped')
    expect(recorder.nodes.get('no2')?.status).toBe('skipped')
    expect(executed).toEqual(['yes'])
  })

  it('retries a failing node, then succeeds', async () => {
    const { result, recorder } = run(
      [node('s', 'test.start'), node('f', 'test.flaky', { failures: 2 }, { retry: { max: 2, backoffMs: 5 } }), node('out', 'flow.output')],
      [['s', 'f'], ['f', 'out']]
    )
    expect(await result).toEqual({ status: 'succeeded', output: 'finally' })
    expect(recorder.events.filter((event) => event.type === 'node.retry').map((event) => event.data.attempt)).toEqual([1, 2])
    expect(recorder.nodes.get('f')).toMatchObject({ status: 'succeeded', attempts: 3 })
  })

  it('fails the execution when retries run out, and cancels what did not run', async () => {
    const { result, recorder } = run(
      [node('s', 'test.start'), node('f', 'test.flaky', { failures: 5 }, { retry: { max: 1 } }), node('after', 'test.echo')],
      [['s', 'f'], ['f', 'after']]
    )
    expect(await result).toMatchObject({ status: 'failed', error: 'Node f failed: flaked' })
    expect(recorder.nodes.get('after')?.status).toBe('cancelled')
  })

  it('fails a node that exceeds its timeout', async () => {
    const { result, recorder } = run([node('s', 'test.start'), node('slow', 'test.wait', { ms: 5000 }, { timeoutMs: 50 })], [['s', 'slow']])
    expect(await result).toMatchObject({ status: 'failed', error: 'Node slow failed: timed out after 50 ms' })
    expect(recorder.nodes.get('slow')?.status).toBe('failed')
  })

  it('stops quickly when cancelled mid-node, and starts nothing downstream', async () => {
    const controller = new AbortController()
    const { result, recorder } = run(
      [node('s', 'test.start'), node('slow', 'test.wait', { ms: 5000 }), node('after', 'test.echo')],
      [['s', 'slow'], ['slow', 'after']],
      { signal: controller.signal }
    )
    setTimeout(() => controller.abort(new Error('cancelled by user')), 50)
    const started = Date.now()
    expect(await result).toMatchObject({ status: 'cancelled' })
    expect(Date.now() - started).toBeLessThan(500)
    expect(recorder.nodes.get('slow')?.status).toBe('cancelled')
    expect(recorder.nodes.get('after')?.status).toBe('cancelled')
    expect(executed).toEqual(['slow'])
  })

  it('fills templates in params from upstream outputs and the input', async () => {
    const { result } = run(
      [node('s', 'test.start'), node('e', 'test.echo', { text: 'hello {{ input.name }} from {{ nodes.s.output.city }}' }), node('out', 'flow.output')],
      [['s', 'e'], ['e', 'out']],
      { input: { name: 'Ann', city: 'Oslo' } }
    )
    expect(await result).toEqual({ status: 'succeeded', output: 'hello Ann from Oslo' })
  })

  it('does not re-run nodes that completed before a restart', async () => {
    const resumed = new Map<string, ResumedNode>([
      ['s', { status: 'succeeded', output: { n: 1 }, attempts: 1 }],
      ['a', { status: 'succeeded', output: 'from before', attempts: 1 }]
    ])
    const { result } = run(
      [node('s', 'test.start'), node('a', 'test.echo'), node('b', 'test.echo'), node('out', 'flow.output')],
      [['s', 'a'], ['a', 'b'], ['b', 'out']],
      { resumed }
    )
    expect(await result).toEqual({ status: 'succeeded', output: 'from before' })
    expect(executed).toEqual(['b'])
  })
})

describe('runFlow and the event loop', () => {
  it('lets timers and I/O in while a long flow of nodes that answer at once runs', async () => {
    const chain = Array.from({ length: 300 }, (_, index) => node(`b${index}`, 'test.busy'))
    const ticks: number[] = []
    const ticker = setInterval(() => ticks.push(performance.now()), 5)
    const started = performance.now()
    const { result } = run([node('in', 'test.start'), ...chain], chain.map((step, index): [string, string] => [index === 0 ? 'in' : chain[index - 1].id, step.id]))
    expect((await result).status).toBe('succeeded')
    const elapsed = performance.now() - started
    clearInterval(ticker)
    // Some 300 ms of work: without yielding, not one tick would fire before the end.
    expect(elapsed).toBeGreaterThan(250)
    expect(ticks.filter((at) => at < started + elapsed - 20).length).toBeGreaterThan(5)
  })
})

describe('runFlow after a crash', () => {
  it('runs an interrupted node again while its retries allow', async () => {
    const resumed = new Map<string, ResumedNode>([
      ['s', { status: 'succeeded', output: {}, attempts: 1 }],
      ['a', { status: 'running', attempts: 1 }]
    ])
    const { result } = run([node('s', 'test.start'), node('a', 'test.echo', { text: 'again' }, { retry: { max: 1 } })], [['s', 'a']], { resumed })
    expect(await result).toMatchObject({ status: 'succeeded' })
    expect(executed).toEqual(['a'])
  })

  it('fails an interrupted node that has no attempt left, with the reason', async () => {
    const resumed = new Map<string, ResumedNode>([
      ['s', { status: 'succeeded', output: {}, attempts: 1 }],
      ['a', { status: 'running', attempts: 1 }]
    ])
    const { result } = run([node('s', 'test.start'), node('a', 'test.echo')], [['s', 'a']], { resumed })
    expect(await result).toMatchObject({ status: 'failed', error: expect.stringMatching(/Node a failed: interrupted by a server stop/) })
    expect(executed).toEqual([])
  })
})

describe('runFlow with nodes that wait', () => {
  const ask = (id: string, reason: unknown = 'Approve?') => node(id, 'test.ask', { reason })

  it('waits once every node that can run has, leaving what the waiting node feeds pending', async () => {
    const { result, recorder } = run(
      [node('s', 'test.start'), ask('q'), node('side', 'test.echo', { text: 'done' }), node('after', 'test.echo'), node('out', 'flow.output')],
      [['s', 'q'], ['s', 'side'], ['q', 'after'], ['after', 'out']],
      { input: { n: 1 } }
    )
    expect(await result).toEqual({ status: 'waiting', output: null, waiting: [{ nodeId: 'q', reason: 'Approve?' }] })
    expect(executed.sort()).toEqual(['q', 'side'])
    expect(recorder.nodes.get('q')).toMatchObject({ status: 'waiting', waitingFor: { reason: 'Approve?', data: { question: { n: 1 } } }, resumedWith: null })
    expect(recorder.nodes.get('side')).toMatchObject({ status: 'succeeded' })
    expect(recorder.nodes.has('after')).toBe(false)
    expect(recorder.events.filter((event) => event.nodeId === 'q').map((event) => event.type)).toEqual(['node.started', 'node.waiting'])
    expect(recorder.events.find((event) => event.type === 'node.waiting')?.data).toEqual({ reason: 'Approve?', data: { question: { n: 1 } } })
  })

  it('runs a resumed node again with what the resume carried, and not the nodes before it', async () => {
    const resumed = new Map<string, ResumedNode>([
      ['s', { status: 'succeeded', output: { n: 1 }, attempts: 1 }],
      ['q', { status: 'waiting', attempts: 1, waitingFor: { reason: 'Approve?' }, resumedWith: { data: { approved: true } } }]
    ])
    const { result, recorder } = run([node('s', 'test.start'), ask('q'), node('out', 'flow.output')], [['s', 'q'], ['q', 'out']], { resumed })
    expect(await result).toEqual({ status: 'succeeded', output: { answer: { approved: true }, asked: { n: 1 } } })
    expect(executed).toEqual(['q'])
    expect(recorder.nodes.get('q')).toMatchObject({ status: 'succeeded', attempts: 1, waitingFor: null })
  })

  it('keeps waiting for a node nobody resumed, while a resumed one goes on', async () => {
    const resumed = new Map<string, ResumedNode>([
      ['s', { status: 'succeeded', output: {}, attempts: 1 }],
      ['q1', { status: 'waiting', attempts: 1, waitingFor: { reason: 'first' }, resumedWith: { data: 'yes' } }],
      ['q2', { status: 'waiting', attempts: 1, waitingFor: { reason: 'second' }, resumedWith: null }]
    ])
    const { result, recorder } = run(
      [node('s', 'test.start'), ask('q1', 'first'), ask('q2', 'second'), node('a1', 'test.echo'), node('a2', 'test.echo')],
      [['s', 'q1'], ['s', 'q2'], ['q1', 'a1'], ['q2', 'a2']],
      { resumed }
    )
    expect(await result).toEqual({ status: 'waiting', output: null, waiting: [{ nodeId: 'q2', reason: 'second' }] })
    expect(executed).toEqual(['q1', 'a1'])
    expect(recorder.nodes.has('q2')).toBe(false)
  })

  it('fails rather than waits when another node fails, and cancels the waiting node', async () => {
    const { result, recorder } = run(
      [node('s', 'test.start'), ask('q'), node('bad', 'test.fail', { ms: 20 }), node('after', 'test.echo')],
      [['s', 'q'], ['s', 'bad'], ['q', 'after']]
    )
    expect(await result).toMatchObject({ status: 'failed', error: 'Node bad failed: broke' })
    expect(recorder.nodes.get('q')).toMatchObject({ status: 'cancelled' })
    expect(recorder.nodes.get('after')).toMatchObject({ status: 'cancelled' })
  })

  it('fails a node that asks to wait without a reason', async () => {
    for (const reason of [null, '', 42]) {
      const { result } = run([node('s', 'test.start'), ask('q', reason)], [['s', 'q']])
      expect({ reason, outcome: await result }).toMatchObject({ reason, outcome: { status: "failed", error: expect.stringMatching(/Node q failed: the node asked to wait without a reason/) } })
    }
  })
})
