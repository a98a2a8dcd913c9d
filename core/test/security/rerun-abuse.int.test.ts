import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * Re-runs against hostile callers: a viewer and an anonymous caller cannot re-run; another
 * tenant's execution reads as none, over REST and Socket.IO, and nothing of it shows; a new input
 * still meets the trigger's schema; pathological bodies are 400s naming the field; a tenant at
 * its concurrency quota is refused like for any run, and nothing was stored.
 */
let server: TestServer
let tenant: TestTenant
let other: TestTenant
let flowId: string
let ended: { id: string }

beforeAll(async () => {
  server = await startTestServer()
  ;[tenant, other] = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
  const inputSchema = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] }
  const flow = await created(tenant.admin, '/flows', flowBody('schema checked', [node('in', 'trigger.manual', { inputSchema }), node('out', 'flow.output')], [['in', 'out']]))
  flowId = flow.id
  ended = await waitForExecution(tenant.admin.http.get, (await created(tenant.admin, '/executions', { flowId, input: { n: 1 } })).id)
})
afterAll(() => server?.close())

const runsOf = async (user: TestTenant['admin']) => (await user.http.get(`/executions?flowId=${flowId}`)).body.data as unknown[]

describe('re-runs against hostile callers', () => {
  it('a viewer and an anonymous caller cannot re-run', async () => {
    const viewer = await tenant.addUser('viewer')
    expect((await viewer.http.post(`/executions/${ended.id}/rerun`, {})).status).toBe(403)
    expect((await httpClient(server.url).post(`/executions/${ended.id}/rerun`, {})).status).toBe(401)
    expect(await runsOf(tenant.admin)).toHaveLength(1)
  })

  it('another tenant\'s execution is no execution at all, over REST and Socket.IO', async () => {
    const rest = await other.admin.http.post(`/executions/${ended.id}/rerun`, {})
    expect(rest.status).toBe(404)
    expect(JSON.stringify(rest.body)).not.toContain(flowId)
    expect((await other.admin.http.post('/executions/00000000-0000-4000-8000-000000000000/rerun', {})).status).toBe(404)
    expect((await other.admin.http.post('/executions/not-an-id/rerun', {})).status).toBe(404)
    const socket = await connectSocket(server.url, other.admin.accessToken)
    const service = socket.service('executions/:executionId/rerun')
    await expect(service.create({}, { route: { executionId: ended.id } })).rejects.toMatchObject({ code: 404 })
    socket.io.disconnect()
    expect(await runsOf(tenant.admin)).toHaveLength(1)
  })

  it('a new input meets the trigger\'s schema; pathological bodies are 400s naming the field', async () => {
    const wrong = await tenant.admin.http.post(`/executions/${ended.id}/rerun`, { input: { n: 'not a number' } })
    expect(wrong.status).toBe(400)
    expect(JSON.stringify(wrong.body.data)).toContain('n')
    const long = await tenant.admin.http.post(`/executions/${ended.id}/rerun`, { fromNodeId: 'x'.repeat(10_000) })
    expect(long.status).toBe(400)
    expect(long.body.data[0].field).toContain('fromNodeId')
    const proto = await tenant.admin.http.post(`/executions/${ended.id}/rerun`, '{"fromNodeId":"__proto__"}')
    expect(proto.status).toBe(400)
    expect(proto.body.data[0].field).toBe('fromNodeId')
    expect(await runsOf(tenant.admin)).toHaveLength(1)
  })

  it('a tenant at its concurrency quota is refused, and nothing is stored', async () => {
    await server.app.get('knex')('tenants').withSchema('public').where({ id: tenant.id }).update({ maxConcurrentExecutions: 1 })
    const waiting = await created(tenant.admin, '/flows', flowBody('hold the slot', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 3000 })], [['in', 'wait']]))
    const holder = await created(tenant.admin, '/executions', { flowId: waiting.id, input: {} })
    const refused = await tenant.admin.http.post(`/executions/${ended.id}/rerun`, {})
    expect(refused.status).toBe(429)
    expect(await runsOf(tenant.admin)).toHaveLength(1)
    await tenant.admin.http.patch(`/executions/${holder.id}`, { status: 'cancelled' })
    await server.app.get('knex')('tenants').withSchema('public').where({ id: tenant.id }).update({ maxConcurrentExecutions: null })
  })
})
