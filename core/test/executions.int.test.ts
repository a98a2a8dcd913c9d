import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { httpClient } from './http.js'
import { connectSocket, settle } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let a: TestTenant
let b: TestTenant
const sockets: TroupeClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
})

const createFlow = async (tenant: TestTenant, body: object) => {
  const response = await tenant.admin.http.post('/flows', body)
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}
const run = async (tenant: TestTenant, flowId: string, input: unknown = {}) => {
  const response = await tenant.admin.http.post('/executions', { flowId, input })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}
const events = async (tenant: TestTenant, executionId: string) =>
  (await tenant.admin.http.get(`/execution-events?executionId=${executionId}&$limit=1000`)).body.data

describe('flow validation', () => {
  it.each([
    ['a cycle, naming its nodes', flowBody('c', [node('a', 'data.transform', { expression: '1' }), node('b', 'data.transform', { expression: '1' })], [['a', 'b'], ['b', 'a']]), /cycle: a → b → a/],
    ['an unknown node type', flowBody('u', [node('a', 'magic.spell')]), /unknown node type "magic.spell"/],
    ['an edge to a missing node', flowBody('m', [node('a', 'trigger.manual')], [['a', 'ghost']]), /edges.0.target/],
    ['invalid params, naming node and field', flowBody('p', [node('wait', 'util.delay', { ms: 'soon' })]), /nodes.0.params.ms/],
    ['two triggers', flowBody('t', [node('a', 'trigger.manual'), node('b', 'trigger.webhook')]), /at most one trigger/],
    ['a timeout longer than a timer can wait', flowBody('l', [node('wait', 'util.delay', { ms: 1 }, { timeoutMs: 2 ** 31 })]), /nodes.0.timeoutMs/],
    ['a retry backoff longer than a timer can wait', flowBody('l', [node('wait', 'util.delay', { ms: 1 }, { retry: { max: 1, backoffMs: 2 ** 31 } })]), /nodes.0.retry.backoffMs/],
    ['a wrong handle', flowBody('h', [node('if', 'logic.condition', { expression: 'true' }), node('x', 'flow.output')], [['if', 'x', 'maybe']]), /edges.0.sourceHandle/]
  ])('refuses %s with 400', async (_case, body, message) => {
    const response = await a.admin.http.post('/flows', body)
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(message)
  })

  it('checks a patched graph too, and saves nothing invalid', async () => {
    const flow = await createFlow(a, flowBody('ok', [node('a', 'trigger.manual')]))
    const bad = await a.admin.http.patch(`/flows/${flow.id}`, { nodes: [node('a', 'nope.nope')] })
    expect(bad.status).toBe(400)
    expect((await a.admin.http.get(`/flows/${flow.id}`)).body).toMatchObject({ version: 1, nodes: [{ type: 'trigger.manual' }] })
  })
})

describe('executions', () => {
  it('answer 201 queued at once, run to success and pin the flow version', async () => {
    const flow = await createFlow(
      a,
      flowBody('double', [node('in', 'trigger.manual'), node('double', 'data.transform', { expression: 'input.n * 2' }), node('out', 'flow.output')], [['in', 'double'], ['double', 'out']])
    )
    const created = await run(a, flow.id, { n: 21 })
    expect(created).toMatchObject({ status: 'queued', flowVersion: 1, trigger: 'manual' })
    await a.admin.http.patch(`/flows/${flow.id}`, { name: 'renamed' })
    const done = await waitForExecution(a.admin.http.get, created.id)
    expect(done).toMatchObject({ status: 'succeeded', output: 42, flowVersion: 1, error: null })
    expect(done).not.toHaveProperty('leaseUntil')
  })

  it('record gap-free, ordered events', async () => {
    const flow = await createFlow(
      a,
      flowBody('events', [node('in', 'trigger.manual'), node('t', 'data.transform', { expression: 'input' }), node('out', 'flow.output')], [['in', 't'], ['t', 'out']])
    )
    const execution = await run(a, flow.id, { x: 1 })
    await waitForExecution(a.admin.http.get, execution.id)
    const log = await events(a, execution.id)
    expect(log.map((event: { seq: number }) => event.seq)).toEqual(log.map((_e: unknown, index: number) => index + 1))
    expect(log.map((event: { type: string; nodeId: string | null }) => `${event.type}${event.nodeId ? `:${event.nodeId}` : ''}`)).toEqual([
      'execution.started',
      'node.started:in',
      'node.completed:in',
      'node.started:t',
      'node.completed:t',
      'node.started:out',
      'node.completed:out',
      'execution.completed'
    ])
  })

  it('run three 1.5 s delays in parallel in under 3 s', async () => {
    const flow = await createFlow(
      a,
      flowBody(
        'parallel',
        [node('in', 'trigger.manual'), node('d1', 'util.delay', { ms: 1500 }), node('d2', 'util.delay', { ms: 1500 }), node('d3', 'util.delay', { ms: 1500 }), node('out', 'flow.output')],
        [['in', 'd1'], ['in', 'd2'], ['in', 'd3'], ['d1', 'out'], ['d2', 'out'], ['d3', 'out']]
      )
    )
    const started = Date.now()
    const execution = await run(a, flow.id)
    const done = await waitForExecution(a.admin.http.get, execution.id)
    expect(done.status).toBe('succeeded')
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('skip the branch a condition did not take', async () => {
    const flow = await createFlow(
      a,
      flowBody(
        'branch',
        [node('in', 'trigger.manual'), node('big', 'logic.condition', { expression: 'input.n > 10' }), node('yes', 'data.transform', { expression: '"big"' }), node('no', 'data.transform', { expression: '"small"' }), node('out', 'flow.output')],
        [['in', 'big'], ['big', 'yes', 'true'], ['big', 'no', 'false'], ['yes', 'out'], ['no', 'out']]
      )
    )
    const execution = await run(a, flow.id, { n: 3 })
    expect(await waitForExecution(a.admin.http.get, execution.id)).toMatchObject({ status: 'succeeded', output: 'small' })
    const log = await events(a, execution.id)
    expect(log.filter((event: { type: string }) => event.type === 'node.skipped').map((event: { nodeId: string }) => event.nodeId)).toEqual(['yes'])
  })

  it('fail a node that times out, with the reason', async () => {
    const flow = await createFlow(a, flowBody('slow', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 5000 }, { timeoutMs: 100 })], [['in', 'wait']]))
    const execution = await run(a, flow.id)
    expect(await waitForExecution(a.admin.http.get, execution.id)).toMatchObject({ status: 'failed', error: 'Node wait failed: timed out after 100 ms' })
  })

  it('cancel quickly mid-delay, and start nothing downstream', async () => {
    const flow = await createFlow(
      a,
      flowBody('cancel', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 10_000 }), node('after', 'data.transform', { expression: '1' })], [['in', 'wait'], ['wait', 'after']])
    )
    const execution = await run(a, flow.id)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const started = Date.now()
    const cancelled = await a.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    expect(Date.now() - started).toBeLessThan(2000)
    const log = await events(a, execution.id)
    expect(log.some((event: { type: string; nodeId: string }) => event.nodeId === 'after' && event.type === 'node.started')).toBe(false)
    expect((await a.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })).status).toBe(409)
    expect((await a.admin.http.patch(`/executions/${execution.id}`, { status: 'running' })).status).toBe(400)
  })

  it('call the tenant LLM from llm.prompt and stream its tokens', async () => {
    const flow = await createFlow(
      a,
      flowBody('llm', [node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'Hello {{ input.name }}' }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']])
    )
    const execution = await run(a, flow.id, { name: 'Ann' })
    const done = await waitForExecution(a.admin.http.get, execution.id)
    expect(done.output.text).toBe('echo: Hello Ann')
    const tokens = (await events(a, execution.id)).filter((event: { type: string }) => event.type === 'token')
    expect(tokens.map((event: { data: { token: string } }) => event.data.token).join('')).toBe('echo: Hello Ann')
    const usage = await a.admin.http.get(`/usage?executionId=${execution.id}`)
    expect(usage.body.total.calls).toBe(1)
  })

  it('render template injection attempts inert', async () => {
    const flow = await createFlow(
      a,
      flowBody('inject', [node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: '{{ this.constructor.constructor("return process")().exit() }}' }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']])
    )
    const done = await waitForExecution(a.admin.http.get, (await run(a, flow.id)).id)
    expect(done.output.text).toBe('echo: {{ this.constructor.constructor("return process")().exit() }}')
  })

  it('are invisible to other tenants, and viewers cannot start them', async () => {
    const flow = await createFlow(a, flowBody('private', [node('in', 'trigger.manual')]))
    const execution = await run(a, flow.id)
    await waitForExecution(a.admin.http.get, execution.id)
    expect((await b.admin.http.get(`/executions/${execution.id}`)).status).toBe(404)
    expect((await b.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })).status).toBe(404)
    expect((await b.admin.http.get(`/execution-events?executionId=${execution.id}`)).body.total).toBe(0)
    expect((await b.admin.http.post('/executions', { flowId: flow.id })).status).toBe(400)
    const viewer = await a.addUser('viewer')
    expect((await viewer.http.post('/executions', { flowId: flow.id })).status).toBe(403)
    expect((await viewer.http.get(`/executions/${execution.id}`)).status).toBe(200)
  })
})

describe('live events', () => {
  it('stream over SSE from the start, resume after Last-Event-ID, and end after completion', async () => {
    const flow = await createFlow(
      a,
      flowBody('sse', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 300 }), node('out', 'flow.output')], [['in', 'wait'], ['wait', 'out']])
    )
    const execution = await run(a, flow.id)
    const read = async (headers: Record<string, string> = {}) => {
      const response = await fetch(`${server.url}/api/v1/executions/${execution.id}/events`, {
        headers: { authorization: `Bearer ${a.admin.accessToken}`, ...headers }
      })
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
      return (await response.text()).trim().split('\n\n').map((frame) => Object.fromEntries(frame.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])))
    }
    const live = await read()
    expect(live.map((frame) => Number(frame.id))).toEqual(live.map((_frame, index) => index + 1))
    expect(live.at(-1)!.event).toBe('execution.completed')
    const resumed = await read({ 'last-event-id': '3' })
    expect(resumed.map((frame) => Number(frame.id))).toEqual(live.slice(3).map((frame) => Number(frame.id)))
  })

  it('answer 404 to another tenant and 401 without a token', async () => {
    const flow = await createFlow(a, flowBody('sse-private', [node('in', 'trigger.manual')]))
    const execution = await run(a, flow.id)
    const other = await fetch(`${server.url}/api/v1/executions/${execution.id}/events`, { headers: { authorization: `Bearer ${b.admin.accessToken}` } })
    expect(other.status).toBe(404)
    expect((await fetch(`${server.url}/api/v1/executions/${execution.id}/events`)).status).toBe(401)
  })

  it('reach Socket.IO subscribers of the execution, and nobody in another tenant', async () => {
    const flow = await createFlow(
      a,
      flowBody('socket', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 400 }), node('out', 'flow.output')], [['in', 'wait'], ['wait', 'out']])
    )
    const mine = await connectSocket(server.url, a.admin.accessToken)
    const theirs = await connectSocket(server.url, b.admin.accessToken)
    sockets.push(mine, theirs)
    const received: string[] = []
    const statuses: string[] = []
    const leaked: unknown[] = []
    mine.service('execution-events').on('created', (event: { type: string }) => received.push(event.type))
    mine.service('executions').on('patched', (execution: { status: string }) => statuses.push(execution.status))
    theirs.service('execution-events').on('created', (event: unknown) => leaked.push(event))
    theirs.service('executions').on('patched', (event: unknown) => leaked.push(event))
    const execution = await mine.service('executions').create({ flowId: flow.id, input: {} })
    await mine.service('execution-subscriptions').create({ executionId: execution.id })
    await expect(theirs.service('execution-subscriptions').create({ executionId: execution.id })).rejects.toMatchObject({ code: 404 })
    await waitForExecution(a.admin.http.get, execution.id)
    await settle()
    expect(received).toContain('execution.completed')
    expect(statuses.at(-1)).toBe('succeeded')
    expect(leaked).toEqual([])
  })
})

describe('webhooks', () => {
  it('run a trigger.webhook flow with the body as input and answer with its output', async () => {
    const flow = await createFlow(
      a,
      flowBody('hook', [node('hook', 'trigger.webhook'), node('sum', 'data.transform', { expression: 'input.a + input.b' }), node('out', 'flow.output')], [['hook', 'sum'], ['sum', 'out']])
    )
    const response = await httpClient(server.url).post(`/hooks/${flow.id}`, { a: 2, b: 3 })
    expect(response.status).toBe(200)
    expect(response.body).toBe(5)
    const page = await a.admin.http.get(`/executions?flowId=${flow.id}`)
    expect(page.body.data[0]).toMatchObject({ trigger: 'webhook', startedBy: null, status: 'succeeded' })
  })

  it('guard a flow with a secret header', async () => {
    const flow = await createFlow(a, { ...flowBody('secret', [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']]), webhookSecret: 'a-very-secret-value' })
    expect(JSON.stringify(flow)).not.toContain('a-very-secret-value')
    const anonymous = httpClient(server.url)
    expect((await anonymous.post(`/hooks/${flow.id}`, { x: 1 })).status).toBe(401)
    expect((await anonymous.post(`/hooks/${flow.id}`, { x: 1 }, { 'x-troupe-webhook-secret': 'wrong-secret-value' })).status).toBe(401)
    const ok = await anonymous.post(`/hooks/${flow.id}`, { x: 1 }, { 'x-troupe-webhook-secret': 'a-very-secret-value' })
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ x: 1 })
  })

  it('answer 404 for flows without a webhook trigger and unknown ids', async () => {
    const flow = await createFlow(a, flowBody('manual', [node('in', 'trigger.manual')]))
    expect((await httpClient(server.url).post(`/hooks/${flow.id}`, {})).status).toBe(404)
    expect((await httpClient(server.url).post('/hooks/00000000-0000-4000-8000-000000000000', {})).status).toBe(404)
    expect((await httpClient(server.url).post('/hooks/not-a-uuid', {})).status).toBe(404)
  })
})
