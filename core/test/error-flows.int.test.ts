import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Error flows: a flow names another flow of its tenant (`errorFlowId`); when one of its
 * executions fails, that flow runs with what failed. An error flow's own failure runs nothing
 * more, references are checked at save, and a removed error flow is nobody's any more.
 */
let server: TestServer
let tenant: TestTenant
let other: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
  other = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

const handler = (name: string) => created(tenant.admin, '/flows', flowBody(name, [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
const failing = (name: string, errorFlowId: string | null) =>
  created(tenant.admin, '/flows', {
    ...flowBody(name, [node('in', 'trigger.manual'), node('boom', 'data.transform', { expression: '$error("the order is gone")' }), node('out', 'flow.output')], [['in', 'boom'], ['boom', 'out']]),
    errorFlowId
  })
const runsOf = async (flowId: string) => (await tenant.admin.http.get(`/executions?flowId=${flowId}`)).body.data as Array<{ id: string; trigger: string; input: any; status: string }>

describe('error flows', () => {
  it('run with the failed execution, its node, error and input when an execution fails', async () => {
    const onError = await handler('on error')
    const orders = await failing('orders', onError.id)
    expect(orders.errorFlowId).toBe(onError.id)
    const execution = await created(tenant.admin, '/executions', { flowId: orders.id, input: { order: 7 } })
    expect(await waitForExecution(tenant.admin.http.get, execution.id)).toMatchObject({ status: 'failed' })
    const [run] = await waitFor(async () => {
      const runs = await runsOf(onError.id)
      return runs.length ? runs : undefined
    })
    expect(run.trigger).toBe('error')
    const done = await waitForExecution(tenant.admin.http.get, run.id)
    expect(done.output).toMatchObject({
      execution: { id: execution.id, flowId: orders.id, flowName: 'orders', trigger: 'manual', failedNodeId: 'boom', failedNodeType: 'data.transform', input: { order: 7 } }
    })
    expect(done.output.execution.error).toContain('the order is gone')
  })

  it("do not run for a success, and an error flow's own failure runs nothing more", async () => {
    const ping = await handler('ping')
    const pong = await failing('pong', ping.id)
    // ping's error flow is pong, which fails: pong's error flow (ping) must not run again for it.
    await tenant.admin.http.patch(`/flows/${ping.id}`, {
      nodes: [node('in', 'trigger.manual'), node('boom', 'data.transform', { expression: '$error("ping fails")' }), node('out', 'flow.output')],
      edges: [
        { id: 'e0', source: 'in', target: 'boom' },
        { id: 'e1', source: 'boom', target: 'out' }
      ],
      errorFlowId: pong.id
    })
    const execution = await created(tenant.admin, '/executions', { flowId: pong.id, input: {} })
    await waitForExecution(tenant.admin.http.get, execution.id)
    await waitFor(async () => ((await runsOf(ping.id)).some((run) => run.status === 'failed') ? true : undefined))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await runsOf(pong.id)).map((run) => run.trigger)).toEqual(['manual'])
    expect((await runsOf(ping.id)).map((run) => run.trigger)).toEqual(['error'])

    const quiet = await handler('quiet')
    const fine = await created(tenant.admin, '/flows', { ...flowBody('fine', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]), errorFlowId: quiet.id })
    await waitForExecution(tenant.admin.http.get, (await created(tenant.admin, '/executions', { flowId: fine.id, input: {} })).id)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await runsOf(quiet.id)).toEqual([])
  })

  it('refuses an error flow that is the flow itself, none, or another tenant’s, naming errorFlowId', async () => {
    const own = await handler('own')
    const foreign = await created(other.admin, '/flows', flowBody('foreign', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    for (const errorFlowId of [own.id, foreign.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const response = await tenant.admin.http.patch(`/flows/${own.id}`, { errorFlowId })
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(JSON.stringify(response.body.data)).toContain('errorFlowId')
    }
    expect((await tenant.admin.http.get(`/flows/${own.id}`)).body.errorFlowId).toBeNull()
    const viewer = await tenant.addUser('viewer')
    const target = await handler('target')
    expect((await viewer.http.patch(`/flows/${own.id}`, { errorFlowId: target.id })).status).toBe(403)
  })

  it('a removed error flow is nobody’s error flow any more', async () => {
    const gone = await handler('soon gone')
    const user = await failing('user of it', gone.id)
    expect((await tenant.admin.http.delete(`/flows/${gone.id}`)).status).toBe(200)
    expect((await tenant.admin.http.get(`/flows/${user.id}`)).body.errorFlowId).toBeNull()
  })
})
