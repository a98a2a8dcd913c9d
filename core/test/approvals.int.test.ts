import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { connectSocket, recordEvents, settle } from './socket.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Human approval (`human.approval`, the flow-control plugin) through REST and Socket.IO: the run
 * waits, the tenant's inbox shows it live, a decision checked against the form resumes it on the
 * branch taken, a timeout takes `timedOut`, a cancelled run closes its approval, and the
 * notification URL hears of it.
 */
let server: TestServer
let tenant: TestTenant
let member: TestUser
let hook: Server
let hookUrl: string
const notifications: unknown[] = []

beforeAll(async () => {
  hook = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      notifications.push(JSON.parse(body))
      response.end('ok')
    })
  })
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/approvals`
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true', TROUPE_EXECUTION_LEASE_MS: '1000' })
  tenant = await signupTenant(server.url)
  member = await tenant.addUser('member')
})

afterAll(async () => {
  await server?.close()
  await new Promise((resolve) => hook?.close(resolve))
})

const form = { type: 'object', properties: { reason: { type: 'string', minLength: 3 } }, required: ['reason'] }

async function approvalFlow(name: string, approval: Record<string, unknown> = {}) {
  return created(
    tenant.admin,
    '/flows',
    flowBody(
      name,
      [
        node('in', 'trigger.manual'),
        node('ask', 'human.approval', { title: 'Ship order {{ input.order }}?', form, ...approval }),
        node('rejected', 'data.transform', { expression: "'not shipped: ' & value.data.why" }),
        node('late', 'data.transform', { expression: "'too late'" }),
        node('out', 'flow.output')
      ],
      [
        ['in', 'ask'],
        ['ask', 'out', 'approved'],
        ['ask', 'rejected', 'rejected'],
        ['ask', 'late', 'timedOut']
      ]
    )
  )
}

async function startWaiting(flowId: string) {
  const execution = await created(tenant.admin, '/executions', { flowId, input: { order: 42 } })
  await waitFor(async () => ((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined))
  const { body } = await tenant.admin.http.get(`/approvals?executionId=${execution.id}`)
  return { executionId: execution.id as string, approval: body.data[0] }
}

describe('human approval', () => {
  it('waits, shows in the inbox live, checks the form, and resumes on approve with what the approver sent', async () => {
    const socket = await connectSocket(server.url, member.accessToken)
    const events = recordEvents(socket, 'approvals', ['created', 'patched'])
    const flow = await approvalFlow('approve an order', { notifyUrl: hookUrl })
    const { executionId, approval } = await startWaiting(flow.id)
    expect(approval).toMatchObject({ status: 'pending', title: 'Ship order 42?', nodeId: 'ask', flowId: flow.id, form, approverRole: 'member', input: { order: 42 }, expiresAt: null })
    const inbox = await member.http.get('/approvals?status=pending')
    expect(inbox.body.data.map((item: { id: string }) => item.id)).toContain(approval.id)
    await waitFor(() => (events.some((event) => event.event === 'created' && event.data.id === approval.id) ? true : undefined))
    await waitFor(() => (notifications.length > 0 ? true : undefined))
    expect(notifications[0]).toMatchObject({ event: 'approval.requested', approval: { id: approval.id, executionId, title: 'Ship order 42?' } })

    const refused = await member.http.post(`/executions/${executionId}/approvals`, { nodeId: 'ask', decision: 'approve', data: { reason: 'no' } })
    expect(refused.status).toBe(400)
    expect(refused.body.data).toEqual([{ field: 'data.reason', message: 'must NOT have fewer than 3 characters' }])
    expect((await tenant.admin.http.get(`/approvals/${approval.id}`)).body.status).toBe('pending')

    const decided = await member.http.post(`/executions/${executionId}/approvals`, { nodeId: 'ask', decision: 'approve', data: { reason: 'paid in full' } })
    expect(decided.status).toBe(201)
    expect(decided.body).toMatchObject({ status: 'approved', decidedBy: member.id, data: { reason: 'paid in full' } })
    const done = await waitForExecution(tenant.admin.http.get, executionId)
    expect(done).toMatchObject({ status: 'succeeded', output: { decision: 'approve', data: { reason: 'paid in full' }, decidedBy: member.id, input: { order: 42 } } })
    await waitFor(() => (events.some((event) => event.event === 'patched' && event.data.id === approval.id && event.data.status === 'approved') ? true : undefined))

    const again = await tenant.admin.http.post(`/executions/${executionId}/approvals`, { nodeId: 'ask', decision: 'reject' })
    expect(again.status).toBe(409)
    socket.io.close()
  })

  it('takes the rejected branch on reject (the form is for approvals only)', async () => {
    const flow = await approvalFlow('reject an order')
    const { executionId } = await startWaiting(flow.id)
    const decided = await tenant.admin.http.post(`/executions/${executionId}/approvals`, { nodeId: 'ask', decision: 'reject', data: { why: 'out of stock' } })
    expect(decided.status).toBe(201)
    await waitForExecution(tenant.admin.http.get, executionId)
    const { body } = await tenant.admin.http.get(`/execution-events?executionId=${executionId}&$limit=200`)
    const completed = body.data.filter((event: { type: string }) => event.type === 'node.completed').map((event: { nodeId: string }) => event.nodeId)
    expect(completed).toContain('rejected')
    expect(completed).not.toContain('out')
  })

  it('takes the timedOut branch when nobody decides in time, and the approval says so', async () => {
    const flow = await approvalFlow('decide quickly', { timeoutMinutes: 0.02 })
    const { executionId, approval } = await startWaiting(flow.id)
    expect(approval.expiresAt).not.toBeNull()
    await waitForExecution(tenant.admin.http.get, executionId, 20_000)
    const { body } = await tenant.admin.http.get(`/execution-events?executionId=${executionId}&$limit=200`)
    expect(body.data.filter((event: { type: string }) => event.type === 'node.completed').map((event: { nodeId: string }) => event.nodeId)).toContain('late')
    expect((await tenant.admin.http.get(`/approvals/${approval.id}`)).body.status).toBe('timedOut')
    expect((await tenant.admin.http.post(`/executions/${executionId}/approvals`, { nodeId: 'ask', decision: 'approve', data: { reason: 'too late' } })).status).toBe(409)
  })

  it('closes the approval of a cancelled run, which can then not be decided', async () => {
    const flow = await approvalFlow('cancelled order')
    const { executionId, approval } = await startWaiting(flow.id)
    expect((await tenant.admin.http.patch(`/executions/${executionId}`, { status: 'cancelled' })).status).toBe(200)
    await waitFor(async () => ((await tenant.admin.http.get(`/approvals/${approval.id}`)).body.status === 'cancelled' ? true : undefined))
    expect((await tenant.admin.http.post(`/executions/${executionId}/approvals`, { nodeId: 'ask', decision: 'approve', data: { reason: 'anyway' } })).status).toBe(409)
    await settle(100)
  })

  it('a bare approval step works with no params', async () => {
    const flow = await created(tenant.admin, '/flows', flowBody('bare', [node('in', 'trigger.manual'), node('ask', 'human.approval'), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out', 'approved']]))
    const { executionId, approval } = await startWaiting(flow.id)
    expect(approval).toMatchObject({ title: 'Approval', form: null, description: '' })
    expect((await tenant.admin.http.post(`/executions/${executionId}/approvals`, { nodeId: 'ask', decision: 'approve' })).status).toBe(201)
    expect(await waitForExecution(tenant.admin.http.get, executionId)).toMatchObject({ status: 'succeeded', output: { decision: 'approve', data: null } })
  })
})
