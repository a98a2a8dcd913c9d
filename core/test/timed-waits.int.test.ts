import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Timed waits (`NodeWait.until`): the node resumes by itself once its time has come, within the
 * recovery sweep's interval (half a lease: 0.5 s here), and a resume that came first wins.
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/waits.ts', TROUPE_EXECUTION_LEASE_MS: '1000' })
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

const timedFlow = (name: string, untilMs: number) =>
  flowBody(name, [node('in', 'trigger.manual'), node('ask', 'test.wait', { untilMs }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']])

const events = async (id: string) => (await tenant.admin.http.get(`/execution-events?executionId=${id}&$limit=200&$sort[seq]=1`)).body.data as Array<{ type: string; nodeId: string | null; data: any }>

describe('timed waits', () => {
  it('resume by themselves once due, with timedOut', async () => {
    const flow = await created(tenant.admin, '/flows', timedFlow('times out', 800))
    const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 1 } })
    await waitFor(async () => ((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined))
    const waiting = (await events(execution.id)).find((event) => event.type === 'node.waiting')
    expect(Date.parse(waiting!.data.until)).toBeGreaterThan(Date.now() - 2_000)
    expect(await waitForExecution(tenant.admin.http.get, execution.id, 15_000)).toMatchObject({ status: 'succeeded', output: { input: { n: 1 }, timedOut: true } })
    expect(await server.app.get('knex')('executionWakeups').withSchema('public').where({ executionId: execution.id })).toEqual([])
  })

  it('leave a node resumed before its time alone, and run it once', async () => {
    const flow = await created(tenant.admin, '/flows', timedFlow('answered in time', 1500))
    const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 2 } })
    await waitFor(async () => ((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined))
    expect((await tenant.admin.http.post('/test-resumes', { executionId: execution.id, nodeId: 'ask', data: 'yes' })).status).toBe(201)
    expect(await waitForExecution(tenant.admin.http.get, execution.id)).toMatchObject({ status: 'succeeded', output: { resumedWith: 'yes' } })
    // Past its time and a few sweeps: the wake-up found nothing to resume and went.
    await waitFor(async () => ((await server.app.get('knex')('executionWakeups').withSchema('public').where({ executionId: execution.id })).length === 0 ? true : undefined), 10_000)
    const started = (await events(execution.id)).filter((event) => event.type === 'node.started' && event.nodeId === 'ask')
    expect(started).toHaveLength(2)
    expect((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status).toBe('succeeded')
  })
})
