import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { connectSocket, recordEvents, settle } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * The `waiting` status (plugin API 1.4): a node that asks to wait parks its execution without a
 * runner or a lease, the tenant sees it live, and a resume runs the node again with what it
 * carried, on the nodes stored before (none of them runs twice). The resume door here is the
 * fixture plugin's `test-resumes` service, which calls the host's `resumeExecution`.
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/waits.ts' })
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

async function startWaiting(name: string) {
  const flow = await created(
    tenant.admin,
    '/flows',
    flowBody(
      name,
      [
        node('in', 'trigger.manual'),
        node('first', 'data.transform', { expression: 'input.n + 1' }),
        node('side', 'data.transform', { expression: "'side ' & input.n" }),
        node('ask', 'test.wait', { reason: 'Approve the order' }),
        node('out', 'flow.output')
      ],
      [['in', 'first'], ['in', 'side'], ['first', 'ask'], ['ask', 'out']]
    )
  )
  const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 41 } })
  const waiting = await waitFor(async () => {
    const { body } = await tenant.admin.http.get(`/executions/${execution.id}`)
    return body.status === 'waiting' ? body : undefined
  })
  return { flow, execution: waiting as { id: string; status: string } }
}

const nodeRows = (executionId: string) =>
  server.app.get('knex')('executionNodes').withSchema(`tenant_${tenant.id.replace(/-/g, '')}`).where({ executionId }) as Promise<Array<Record<string, any>>>

describe('executions that wait', () => {
  it('park without a runner or a lease, are seen live, and resume where they stopped', async () => {
    const socket = await connectSocket(server.url, tenant.admin.accessToken)
    const patched = recordEvents(socket, 'executions', ['patched'])
    const { execution } = await startWaiting('approve order')

    const row = await server.app.get('knex')('executions').withSchema(`tenant_${tenant.id.replace(/-/g, '')}`).where({ id: execution.id }).first()
    expect(row).toMatchObject({ status: 'waiting', runnerId: null, leaseUntil: null })
    const nodes = Object.fromEntries((await nodeRows(execution.id)).map((node) => [node.nodeId, node]))
    expect(nodes.ask).toMatchObject({ status: 'waiting', waitingFor: { reason: 'Approve the order', data: { asked: 42 } }, resumedWith: null })
    expect(nodes.side).toMatchObject({ status: 'succeeded', output: 'side 41' })
    expect(nodes.out).toBeUndefined()
    const before = (await tenant.admin.http.get(`/execution-events?executionId=${execution.id}&$limit=100&$sort[seq]=1`)).body.data as Array<{ type: string; nodeId: string | null; data: any }>
    expect(before.at(-1)).toMatchObject({ type: 'execution.waiting', data: { nodes: [{ nodeId: 'ask', reason: 'Approve the order' }] } })
    expect(before.find((event) => event.type === 'node.waiting')).toMatchObject({ nodeId: 'ask', data: { reason: 'Approve the order', data: { asked: 42 } } })
    await waitFor(() => (patched.some(({ data }) => data.id === execution.id && data.status === 'waiting') ? true : undefined))

    const resumed = await tenant.admin.http.post('/test-resumes', { executionId: execution.id, nodeId: 'ask', data: { approved: true, by: 'Ann' } })
    expect(resumed.status).toBe(201)
    const done = await waitForExecution(tenant.admin.http.get, execution.id)
    expect(done).toMatchObject({ status: 'succeeded', output: { input: 42, resumedWith: { approved: true, by: 'Ann' } } })
    const events = (await tenant.admin.http.get(`/execution-events?executionId=${execution.id}&$limit=100&$sort[seq]=1`)).body.data as Array<{ seq: number; type: string; nodeId: string | null }>
    expect(events.map((event) => event.seq)).toEqual(events.map((_event, index) => index + 1))
    const started = (nodeId: string) => events.filter((event) => event.type === 'node.started' && event.nodeId === nodeId).length
    expect([started('in'), started('first'), started('side'), started('ask'), started('out')]).toEqual([1, 1, 1, 2, 1])
    expect(events.map((event) => event.type)).toContain('execution.resumed')
    await settle()
    expect(patched.filter(({ data }) => data.id === execution.id).map(({ data }) => data.status)).toEqual(expect.arrayContaining(['waiting', 'running', 'succeeded']))
    socket.close()

    const again = await tenant.admin.http.post('/test-resumes', { executionId: execution.id, nodeId: 'ask', data: {} })
    expect(again.status).toBe(409)
  })

  it('cancels a waiting execution and the node that waited', async () => {
    const { execution } = await startWaiting('cancel while waiting')
    const cancelled = await tenant.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    const nodes = Object.fromEntries((await nodeRows(execution.id)).map((node) => [node.nodeId, node]))
    expect(nodes.ask.status).toBe('cancelled')
    const late = await tenant.admin.http.post('/test-resumes', { executionId: execution.id, nodeId: 'ask' })
    expect(late.status).toBe(409)
    expect((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status).toBe('cancelled')
  })

  it('answers a webhook at once with 202 when its run starts waiting, not after the wait time', async () => {
    const flow = await created(tenant.admin, '/flows', flowBody('hooked approval', [node('hook', 'trigger.webhook'), node('ask', 'test.wait'), node('out', 'flow.output')], [['hook', 'ask'], ['ask', 'out']]))
    const started = Date.now()
    const response = await fetch(`${server.url}/api/v1/hooks/${flow.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: 7 }) })
    const answer = await response.json()
    expect(response.status).toBe(202)
    expect(answer).toMatchObject({ status: 'waiting', executionId: expect.any(String) })
    // The server waits up to TROUPE_WEBHOOK_WAIT_MS (30 s) for a run to end; a waiting one is not kept.
    expect(Date.now() - started).toBeLessThan(10_000)
    expect((await tenant.admin.http.post('/test-resumes', { executionId: answer.executionId, nodeId: 'ask', data: 'ok' })).status).toBe(201)
    expect(await waitForExecution(tenant.admin.http.get, answer.executionId)).toMatchObject({ status: 'succeeded', output: { input: { order: 7 }, resumedWith: 'ok' } })
  })

  it('does not count waiting executions against the concurrency quota', async () => {
    const small = await signupTenant(server.url)
    await server.app.get('knex')('tenants').withSchema('public').where({ id: small.id }).update({ maxConcurrentExecutions: 1 })
    const flow = await created(small.admin, '/flows', flowBody('quota', [node('in', 'trigger.manual'), node('ask', 'test.wait')], [['in', 'ask']]))
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const execution = await created(small.admin, '/executions', { flowId: flow.id, input: {} })
      ids.push(execution.id)
      await waitFor(async () => ((await small.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined))
    }
    expect(ids).toHaveLength(3)
  })
})
