import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSubExecution } from '../src/executor/sub-executions/start-sub-execution.js'
import { tenantSchemaName } from '../src/db/tenant-schema.js'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { connectSocket, recordEvents, settle } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Sub-flows (`flow.call`, the flow-control plugin) through REST and Socket.IO: the parent waits
 * while the child runs, goes on with its output, fails with its failure; the two link both ways;
 * cancelling goes down the chain, a cancelled child fails its parent; loops and chains deeper
 * than `TROUPE_SUBFLOW_MAX_DEPTH` are refused at save and at run time, naming the flows.
 */
let server: TestServer
let tenant: TestTenant
const maxDepth = 3

beforeAll(async () => {
  server = await startTestServer({ TROUPE_SUBFLOW_MAX_DEPTH: String(maxDepth), TROUPE_EXECUTION_LEASE_MS: '1000' })
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

const run = async (flowId: string, input: unknown = {}) => created(tenant.admin, '/executions', { flowId, input })
const finished = (id: string) => waitForExecution(tenant.admin.http.get, id)
const childrenOf = async (id: string) => (await tenant.admin.http.get(`/executions?parentExecutionId=${id}`)).body.data as Array<Record<string, any>>

/** A flow that doubles `input.n`, or runs `body` between its trigger and its output. */
const childFlow = (name: string, body = node('work', 'data.transform', { expression: '{"doubled": value.n * 2, "from": value.from}' })) =>
  created(tenant.admin, '/flows', flowBody(name, [node('in', 'trigger.manual'), body, node('out', 'flow.output')], [['in', body.id], [body.id, 'out', body.type === 'human.approval' ? 'approved' : undefined]]))
const nodeRow = async (executionId: string, nodeId: string) =>
  (await server.app.get('knex')('executionNodes').withSchema(tenantSchemaName(tenant.id)).where({ executionId, nodeId }).first()) as Record<string, any>
const callingFlow = (name: string, flowId: string, input?: Record<string, unknown>) =>
  created(tenant.admin, '/flows', flowBody(name, [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId, ...(input ? { input } : {}) }), node('out', 'flow.output')], [['in', 'call'], ['call', 'out']]))

describe('flow.call', () => {
  it('runs the sub-flow with the node\'s input and goes on with its output; the runs link both ways', async () => {
    const child = await childFlow('double')
    const parent = await callingFlow('asks for a double', child.id)
    const socket = await connectSocket(server.url, tenant.admin.accessToken)
    const events = recordEvents(socket, 'executions')
    const execution = await run(parent.id, { n: 21, from: 'parent' })
    const done = await finished(execution.id)
    expect(done).toMatchObject({ status: 'succeeded', output: { doubled: 42, from: 'parent' } })
    const [sub, ...others] = await childrenOf(execution.id)
    expect(others).toEqual([])
    expect(sub).toMatchObject({ flowId: child.id, trigger: 'subflow', status: 'succeeded', parentExecutionId: execution.id, parentNodeId: 'call', input: { n: 21, from: 'parent' } })
    expect(sub.callKey).toBe('call')
    // The live stream shows the child as a sub-flow of its parent.
    await settle()
    expect(events.some((event) => event.event === 'created' && (event.data as { id: string; parentExecutionId: string }).id === sub.id && (event.data as { parentExecutionId: string }).parentExecutionId === execution.id)).toBe(true)
    socket.io.disconnect()
  })

  it('renders an input object of templates for the sub-flow', async () => {
    const child = await childFlow('double again')
    const parent = await callingFlow('templated input', child.id, { n: '{{ input.count }}', from: 'order {{ input.order }}' })
    const done = await finished((await run(parent.id, { count: 4, order: 'A-7' })).id)
    expect(done).toMatchObject({ status: 'succeeded', output: { doubled: 8, from: 'order A-7' } })
  })

  it('fails with the sub-flow\'s failure, naming its run', async () => {
    const child = await childFlow('breaks', node('work', 'data.transform', { expression: '$error("no stock left")' }))
    const parent = await callingFlow('calls a broken flow', child.id)
    const execution = await run(parent.id)
    const done = await finished(execution.id)
    const [sub] = await childrenOf(execution.id)
    expect(sub.status).toBe('failed')
    expect(done.status).toBe('failed')
    expect(done.error).toContain(`The sub-flow's run ${sub.id} failed`)
    expect(done.error).toContain('no stock left')
  })

  it('cancelling the parent cancels the sub-flow that waits, and a cancelled sub-flow fails its parent', async () => {
    const child = await childFlow('waits for a person', node('work', 'human.approval', { title: 'Go on?' }))
    const parent = await callingFlow('calls one that waits', child.id)
    const first = await run(parent.id)
    const sub = await waitFor(async () => (await childrenOf(first.id)).find((run) => run.status === 'waiting'))
    await waitFor(async () => ((await tenant.admin.http.get(`/executions/${first.id}`)).body.status === 'waiting' ? true : undefined))
    await tenant.admin.http.patch(`/executions/${first.id}`, { status: 'cancelled' })
    expect(await finished(sub.id)).toMatchObject({ status: 'cancelled' })
    expect(await finished(first.id)).toMatchObject({ status: 'cancelled' })
    // The other way: the child is cancelled; its parent fails with it.
    const second = await run(parent.id)
    const other = await waitFor(async () => (await childrenOf(second.id)).find((run) => run.status === 'waiting'))
    await tenant.admin.http.patch(`/executions/${other.id}`, { status: 'cancelled' })
    const done = await finished(second.id)
    expect(done.status).toBe('failed')
    expect(done.error).toContain(`The sub-flow's run ${other.id} cancelled`)
  })

  it('goes on when the sub-flow, waiting for a person, is approved', async () => {
    const child = await childFlow('approve me', node('work', 'human.approval', {}))
    const parent = await callingFlow('waits for an approved child', child.id)
    const execution = await run(parent.id, { order: 3 })
    const sub = await waitFor(async () => (await childrenOf(execution.id)).find((run) => run.status === 'waiting'))
    // The parent's node waits for that run, and says which.
    const waiting = await waitFor(async () => ((await nodeRow(execution.id, 'call'))?.status === 'waiting' ? nodeRow(execution.id, 'call') : undefined))
    expect(waiting.waitingFor).toMatchObject({ reason: 'Waiting for a sub-flow', data: { executionId: sub.id, flowId: child.id } })
    await created(tenant.admin, `/executions/${sub.id}/approvals`, { nodeId: 'work', decision: 'approve' })
    const done = await finished(execution.id)
    expect(done).toMatchObject({ status: 'succeeded', output: { decision: 'approve', input: { order: 3 } } })
  })
})

describe('loops and depth', () => {
  it('refuses at save a flow that calls itself, one that leads back to it, and a flow that is not the tenant\'s', async () => {
    const a = await created(tenant.admin, '/flows', flowBody('A', [node('in', 'trigger.manual')]))
    const b = await callingFlow('B', a.id)
    const self = await tenant.admin.http.patch(`/flows/${a.id}`, flowBody('A', [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId: a.id })], [['in', 'call']]))
    expect(self.status).toBe(400)
    expect(self.body.data).toContainEqual({ field: 'nodes.1.params.flowId', message: 'calls the flow itself ("A" → "A")' })
    const back = await tenant.admin.http.patch(`/flows/${a.id}`, flowBody('A', [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId: b.id })], [['in', 'call']]))
    expect(back.status).toBe(400)
    expect(back.body.data).toContainEqual({ field: 'nodes.1.params.flowId', message: 'leads back to this flow: "A" → "B" → "A"' })
    const missing = await tenant.admin.http.post('/flows', flowBody('C', [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId: '00000000-0000-4000-8000-000000000000' })], [['in', 'call']]))
    expect(missing.status).toBe(400)
    expect(missing.body.data).toContainEqual({ field: 'nodes.1.params.flowId', message: 'is not a flow of this tenant' })
    // Nothing was half written: A is as it was.
    expect((await tenant.admin.http.get(`/flows/${a.id}`)).body.nodes).toHaveLength(1)
  })

  it(`refuses at save a chain deeper than ${maxDepth} levels, and at run time one that grew deeper since`, async () => {
    const d4 = await created(tenant.admin, '/flows', flowBody('L4', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const l3 = await callingFlow('L3', d4.id)
    const l2 = await callingFlow('L2', l3.id)
    const l1 = await callingFlow('L1', l2.id)
    const tooDeep = await tenant.admin.http.post('/flows', flowBody('L0', [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId: l1.id })], [['in', 'call']]))
    expect(tooDeep.status).toBe(400)
    expect(tooDeep.body.data).toContainEqual({ field: 'nodes.1.params.flowId', message: `nests sub-flows deeper than ${maxDepth} levels (TROUPE_SUBFLOW_MAX_DEPTH): "L0" → "L1" → "L2" → "L3" → "L4"` })
    // L1 → L2 → L3 → L4 is 3 levels: it runs.
    expect(await finished((await run(l1.id, { ok: true })).id)).toMatchObject({ status: 'succeeded', output: { ok: true } })
    // L4 is then changed to call L5: each save is within the limit from where it stands, the whole chain is not.
    const l5 = await created(tenant.admin, '/flows', flowBody('L5', [node('in', 'trigger.manual')]))
    await tenant.admin.http.patch(`/flows/${d4.id}`, flowBody('L4', [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId: l5.id })], [['in', 'call']]))
    const done = await finished((await run(l1.id)).id)
    expect(done.status).toBe('failed')
    expect(done.error).toContain(`Sub-flows nest deeper than ${maxDepth} levels (TROUPE_SUBFLOW_MAX_DEPTH): "L1" → "L2" → "L3" → "L4" → "L5"`)
  })

  it('refuses at run time a sub-flow that already runs further up the chain', async () => {
    const child = await childFlow('waits in a loop', node('work', 'human.approval', {}))
    const parent = await callingFlow('outer', child.id)
    const execution = await run(parent.id)
    const sub = await waitFor(async () => (await childrenOf(execution.id)).find((run) => run.status === 'waiting'))
    // What a save made at the same moment elsewhere could bring about: the child asks to run its parent's flow.
    const principal = { userId: 'system', tenantId: tenant.id, role: 'admin' as const, tenantSchema: tenantSchemaName(tenant.id) }
    await expect(startSubExecution(server.app, { principal: principal as never, executionId: sub.id, nodeId: 'work' }, { flowId: parent.id })).rejects.toThrow(
      'Sub-flows call each other in a loop: "outer" → "waits in a loop" → "outer"'
    )
    await tenant.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })
  })
})
