import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

// A plugin node's `services.records` acts for the execution's principal and is checked by CASL
// like that principal's own calls: a member's run cannot create users or read the audit log
// through a node, a webhook's run (the tenant's system principal, a member) neither; a plugin's
// calls into the services it registered itself stay its own business.

let server: TestServer
let a: TestTenant
let member: TestUser

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/records-probe.ts' })
  a = await signupTenant(server.url, 'Probe')
  member = await a.addUser('member')
})
afterAll(async () => {
  await server?.close()
})

/** Runs `probe.records` with `params` as `user`, and answers its output. */
async function probe(user: TestUser, params: Record<string, unknown>) {
  const flow = await user.http.post('/flows', flowBody('probe', [node('start', 'trigger.manual'), node('probe', 'probe.records', params)], [['start', 'probe']]))
  expect(flow.status, JSON.stringify(flow.body)).toBe(201)
  const started = await user.http.post('/executions', { flowId: flow.body.id, input: {} })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  const done = await waitForExecution((path) => user.http.get(path), started.body.id)
  return { status: done.status, output: await probeOutput(user, started.body.id) }
}

/** What the probe node output in that execution (its `node.completed` event). */
async function probeOutput(user: TestUser, executionId: string) {
  const events = (await user.http.get(`/execution-events?executionId=${executionId}&$limit=1000`)).body.data as Array<{ type: string; nodeId: string; data: { output?: any } }>
  return events.find((event) => event.type === 'node.completed' && event.nodeId === 'probe')?.data.output
}

describe("a plugin node's records calls", () => {
  it("are refused what the principal may not do through the API, and nothing is written", async () => {
    const before = (await a.admin.http.get('/users?$limit=100')).body.total
    const created = await probe(member, { action: 'create', path: 'users', data: { email: 'sneaky@example.test', name: 'Sneaky', password: 'correct horse battery', role: 'admin' } })
    expect(created.output.error).toMatchObject({ name: 'Forbidden' })
    expect((await a.admin.http.get('/users?$limit=100')).body.total).toBe(before)
    const audit = await probe(member, { action: 'find', path: 'audit-logs' })
    expect(audit.output.error).toMatchObject({ name: 'Forbidden' })
    const unknown = await probe(member, { action: 'find', path: 'authentication' })
    expect(unknown.output.error).toBeDefined()
  })

  it('are allowed what the principal may do, and into the plugin\'s own services', async () => {
    const flows = await probe(member, { action: 'find', path: 'flows' })
    expect(Array.isArray(flows.output.result)).toBe(true)
    const own = await probe(member, { action: 'create', path: 'probe-notes', data: { text: 'kept by the plugin' } })
    expect(own.output.result).toMatchObject({ text: 'kept by the plugin' })
    // The same service refuses the member's own API call: only the plugin writes it.
    expect((await member.http.post('/probe-notes', { text: 'from outside' })).status).toBe(403)
  })

  it("hold a webhook's run (the tenant's system principal) to a member's rights", async () => {
    const flow = await a.admin.http.post('/flows', flowBody('hooked', [node('hook', 'trigger.webhook'), node('probe', 'probe.records', { action: 'find', path: 'audit-logs' })], [['hook', 'probe']]))
    expect(flow.status, JSON.stringify(flow.body)).toBe(201)
    const answer = await fetch(`${server.url}/api/v1/hooks/${flow.body.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(answer.status).toBeLessThan(300)
    const runs = (await a.admin.http.get(`/executions?flowId=${flow.body.id}`)).body.data
    await waitForExecution((path) => a.admin.http.get(path), runs[0].id)
    expect((await probeOutput(a.admin, runs[0].id)).error).toMatchObject({ name: 'Forbidden' })
  })
})
