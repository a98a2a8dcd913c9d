import { afterAll, beforeAll, expect, it } from 'vitest'
import { tenantSchemaName } from '../src/db/tenant-schema.js'
import { systemPrincipal } from '../src/executor/system-principal.js'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * A resume is two writes: the node's resume is noted, then the waiting execution is requeued. A
 * process that dies between the two leaves an execution that waits with a resumed node, which no
 * later resume could note again. The next resume or wake-up of it sends it on (found by the map
 * crash test under load: a map's parent waited for ever after a kill -9).
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

it('is not stranded when its process dies between noting a resume and requeueing it', async () => {
  const flow = await created(tenant.admin, '/flows', flowBody('stranded', [node('in', 'trigger.manual'), node('ask', 'human.approval', {}), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out', 'approved']]))
  const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: { order: 5 } })
  await waitFor(async () => ((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined))
  const schema = tenantSchemaName(tenant.id)
  // The first half of a decision, as a process that then died wrote it.
  expect(await server.app.get('executionStore').noteResume(schema, execution.id, 'ask', { decision: 'approve', data: null, decidedBy: tenant.admin.id })).toBe(true)
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status).toBe('waiting')
  // A later wake-up of the node finds it resumed already (not noted again), and sends it on.
  const principal = systemPrincipal(tenant.id)
  expect(await server.app.get('dispatcher').resume(execution.id, 'ask', null, principal, { timedOut: true })).toBe(false)
  const done = await waitForExecution(tenant.admin.http.get, execution.id)
  expect(done).toMatchObject({ status: 'succeeded', output: { decision: 'approve', input: { order: 5 } } })
})
