import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, waitFor } from './hostile.js'

/**
 * Resuming a waiting execution (the host's `resumeExecution`, reached here through the fixture
 * plugin's `test-resumes` service): another tenant, an anonymous caller, a viewer, ids that are not
 * ids, nodes that do not wait, a flood of concurrent resumes and an oversized payload are all
 * refused with a clear status, and none of them moves or corrupts the execution.
 */
let server: TestServer
let owner: TestTenant
let other: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/waits.ts', TROUPE_NODE_OUTPUT_MAX_BYTES: String(64 * 1024) })
  ;[owner, other] = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
})
afterAll(async () => {
  await server?.close()
})

async function waitingExecution(tenant = owner) {
  const flow = await created(
    tenant.admin,
    '/flows',
    flowBody('approve', [node('in', 'trigger.manual'), node('first', 'data.transform', { expression: 'input' }), node('ask', 'test.wait'), node('out', 'flow.output')], [['in', 'first'], ['first', 'ask'], ['ask', 'out']])
  )
  const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 1 } })
  await waitFor(async () => ((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined))
  return execution.id as string
}

const statusOf = async (id: string) => (await owner.admin.http.get(`/executions/${id}`)).body.status

describe('resuming a waiting execution', () => {
  it('is refused to another tenant (404, as for an id that does not exist), anonymous callers and viewers', async () => {
    const id = await waitingExecution()
    const foreign = await other.admin.http.post('/test-resumes', { executionId: id, nodeId: 'ask', data: { approved: true } })
    expect(foreign.status).toBe(404)
    const anonymous = await httpClient(server.url).post('/test-resumes', { executionId: id, nodeId: 'ask' })
    expect(anonymous.status).toBe(401)
    const viewer = await owner.addUser('viewer')
    expect((await viewer.http.post('/test-resumes', { executionId: id, nodeId: 'ask' })).status).toBe(403)
    expect(await statusOf(id)).toBe('waiting')
    // The owner still can: nothing above consumed the resume.
    const member = await owner.addUser('member')
    expect((await member.http.post('/test-resumes', { executionId: id, nodeId: 'ask', data: 'ok' })).status).toBe(201)
    expect(await waitForExecution(owner.admin.http.get, id)).toMatchObject({ status: 'succeeded', output: { resumedWith: 'ok' } })
  })

  it('answers 404 for ids that are not executions and 409 for nodes that do not wait', async () => {
    const id = await waitingExecution()
    for (const executionId of ['not-a-uuid', "' or 1=1 --", '00000000-0000-0000-0000-000000000000']) {
      expect((await owner.admin.http.post('/test-resumes', { executionId, nodeId: 'ask' })).status, executionId).toBe(404)
    }
    for (const nodeId of ['first', 'out', 'missing', "ask' or '1'='1"]) {
      const response = await owner.admin.http.post('/test-resumes', { executionId: id, nodeId })
      expect(response.status, nodeId).toBe(409)
      expect(response.body.message).toContain('does not wait')
    }
    expect(await statusOf(id)).toBe('waiting')
  })

  it('refuses data past the node output limit with a 400 naming the field, and keeps waiting', async () => {
    const id = await waitingExecution()
    const response = await owner.admin.http.post('/test-resumes', { executionId: id, nodeId: 'ask', data: { blob: 'x'.repeat(100 * 1024) } })
    expect(response.status).toBe(400)
    expect(response.body.data ?? response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'data' })]))
    expect(await statusOf(id)).toBe('waiting')
  })

  it('resumes exactly once under 20 concurrent resumes', async () => {
    const id = await waitingExecution()
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => owner.admin.http.post('/test-resumes', { executionId: id, nodeId: 'ask', data: { caller: i } })))
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 201)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(19)
    const winner = answers.findIndex((answer) => answer.status === 201)
    expect(await waitForExecution(owner.admin.http.get, id)).toMatchObject({ status: 'succeeded', output: { resumedWith: { caller: winner } } })
    const events = (await owner.admin.http.get(`/execution-events?executionId=${id}&$limit=200`)).body.data as Array<{ type: string; nodeId: string }>
    expect(events.filter((event) => event.type === 'node.started' && event.nodeId === 'ask')).toHaveLength(2)
    expect(events.filter((event) => event.type === 'execution.completed')).toHaveLength(1)
  })
})
