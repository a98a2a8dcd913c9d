import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, waitFor } from './hostile.js'

/**
 * Human approvals against hostile callers: viewers, anonymous callers and other tenants cannot
 * decide; members cannot decide an admin's approval; two deciders cannot both win; bad decisions
 * are 400s naming the field and change nothing; a pathological form pattern is bounded by the
 * tenant's logic budget; a notification URL on a private address is never called.
 */
let server: TestServer
let tenant: TestTenant
let other: TestTenant
let member: TestUser
let viewer: TestUser
let hook: Server
let hookUrl: string
let hookCalls = 0
const logLines: string[] = []

beforeAll(async () => {
  hook = createServer((_request, response) => {
    hookCalls++
    response.end('ok')
  })
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'false' }, { logLines })
  tenant = await signupTenant(server.url)
  other = await signupTenant(server.url)
  member = await tenant.addUser('member')
  viewer = await tenant.addUser('viewer')
})

afterAll(async () => {
  await server?.close()
  await new Promise((resolve) => hook?.close(resolve))
})

async function waitingApproval(params: Record<string, unknown> = {}) {
  const flow = await created(tenant.admin, '/flows', flowBody(`approval ${Math.random()}`, [node('in', 'trigger.manual'), node('ask', 'human.approval', params), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out', 'approved']]))
  const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: {} })
  await waitFor(async () => ((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined))
  const { body } = await tenant.admin.http.get(`/approvals?executionId=${execution.id}`)
  return { executionId: execution.id as string, approval: body.data[0] as { id: string } }
}

const decide = (user: Pick<TestUser, 'http'>, executionId: string, body: unknown) => user.http.post(`/executions/${executionId}/approvals`, body)
const statusOf = async (approvalId: string) => (await tenant.admin.http.get(`/approvals/${approvalId}`)).body.status

describe('deciding approvals, as hostile callers', () => {
  it('a viewer reads the inbox but cannot decide; an anonymous caller does neither', async () => {
    const { executionId, approval } = await waitingApproval()
    expect((await viewer.http.get('/approvals?status=pending')).status).toBe(200)
    expect((await decide(viewer, executionId, { nodeId: 'ask', decision: 'approve' })).status).toBe(403)
    const anonymous = httpClient(server.url)
    expect((await anonymous.get('/approvals')).status).toBe(401)
    expect((await decide({ http: anonymous }, executionId, { nodeId: 'ask', decision: 'approve' })).status).toBe(401)
    expect(await statusOf(approval.id)).toBe('pending')
  })

  it("another tenant finds neither the approval nor the execution's door", async () => {
    const { executionId, approval } = await waitingApproval()
    expect((await other.admin.http.get(`/approvals/${approval.id}`)).status).toBe(404)
    expect((await decide(other.admin, executionId, { nodeId: 'ask', decision: 'approve' })).status).toBe(404)
    expect((await other.admin.http.get(`/approvals?executionId=${executionId}`)).body.total).toBe(0)
    expect(await statusOf(approval.id)).toBe('pending')
  })

  it("a member cannot decide an admin's approval; the admin can", async () => {
    const { executionId, approval } = await waitingApproval({ approverRole: 'admin' })
    expect((await decide(member, executionId, { nodeId: 'ask', decision: 'approve' })).status).toBe(403)
    expect(await statusOf(approval.id)).toBe('pending')
    expect((await decide(tenant.admin, executionId, { nodeId: 'ask', decision: 'approve' })).status).toBe(201)
  })

  it('refuses malformed decisions with a 400 naming the field, and approvals cannot be written directly', async () => {
    const { executionId, approval } = await waitingApproval()
    const cases: Array<[unknown, string]> = [
      [{ nodeId: 'ask', decision: 'maybe' }, 'decision'],
      [{ nodeId: 'ask' }, 'decision'],
      [{ nodeId: 'ask', decision: 'approve', status: 'approved' }, 'status'],
      [{ nodeId: 'ask', decision: 'approve', data: 'yes' }, 'data'],
      [{ nodeId: '', decision: 'approve' }, 'nodeId']
    ]
    for (const [body, field] of cases) {
      const response = await decide(member, executionId, body)
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(JSON.stringify(response.body.data)).toContain(field)
    }
    expect((await decide(member, executionId, { nodeId: 'elsewhere', decision: 'approve' })).status).toBe(404)
    expect((await decide(member, 'not-a-uuid', { nodeId: 'ask', decision: 'approve' })).status).toBe(404)
    expect((await member.http.post('/approvals', { executionId, nodeId: 'ask', status: 'approved' })).status).toBe(405)
    expect((await member.http.patch(`/approvals/${approval.id}`, { status: 'approved' })).status).toBe(405)
    expect(await statusOf(approval.id)).toBe('pending')
  })

  it('lets exactly one of two simultaneous deciders win, and the run resumes once', async () => {
    const { executionId } = await waitingApproval()
    const answers = await Promise.all([decide(member, executionId, { nodeId: 'ask', decision: 'approve' }), decide(tenant.admin, executionId, { nodeId: 'ask', decision: 'reject' })])
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409])
    await waitForExecution(tenant.admin.http.get, executionId)
    const { body } = await tenant.admin.http.get(`/execution-events?executionId=${executionId}&$limit=200`)
    expect(body.data.filter((event: { type: string }) => event.type === 'execution.resumed')).toHaveLength(1)
  })

  it("checks a decision's data against a catastrophic form pattern within the tenant's budget", async () => {
    const { executionId, approval } = await waitingApproval({ form: { type: 'object', properties: { code: { type: 'string', pattern: '^(a|a)*$' } } } })
    const started = Date.now()
    const response = await decide(member, executionId, { nodeId: 'ask', decision: 'approve', data: { code: `${'a'.repeat(40)}b` } })
    expect(response.status, JSON.stringify(response.body)).toBe(422)
    expect(response.body).toMatchObject({ message: 'Validating against the JSON Schema took longer than 1000 ms', data: { budget: 'time' } })
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(await statusOf(approval.id)).toBe('pending')
    expect((await tenant.admin.http.get('/flows?$limit=1')).status).toBe(200)
  })

  it('never calls a notification URL the outbound policy forbids', async () => {
    await waitingApproval({ notifyUrl: hookUrl })
    await waitFor(() => (logLines.some((line) => line.includes('the approval notification failed')) ? true : undefined))
    expect(hookCalls).toBe(0)
    expect(logLines.find((line) => line.includes('the approval notification failed'))).not.toContain('/hook')
  })
})
