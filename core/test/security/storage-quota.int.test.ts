import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { TroupeClient } from '@troupe/sdk'
import { StorageMeter } from '../../src/limits/storage-meter.js'
import { tenantSchemaName } from '../../src/db/tenant-schema.js'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, socketCall } from './hostile.js'

/**
 * Tenant A fills its execution history past the server's quota (here 1 MiB): every way of
 * starting an execution is then refused with a 413 that says why and how to free space, tenant B
 * runs on, A's admin sees the figures, and removing executions frees the space.
 */

const MiB = 1024 * 1024
let server: TestServer
let a: TestTenant
let b: TestTenant
let socket: TroupeClient
let mcp: Client
const ids: Record<'echo' | 'hook' | 'exposed' | 'crew' | 'session' | 'big' | 'hookOfB' | 'echoOfB', string> = {} as never

/** Random text does not compress: it takes its size on disk. */
const incompressible = (bytes: number) => randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64').slice(0, bytes)
const echo = (name: string) => flowBody(name, [node('start', 'trigger.manual'), node('out', 'flow.output')], [['start', 'out']])
const hook = (name: string) => flowBody(name, [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']])
const runsOf = async (tenant: TestTenant) => (await tenant.admin.http.get('/executions?$limit=0')).body.total as number

/** The meter measures every few seconds; the tests look at once instead of waiting for it. */
const measureAgain = (tenant: TestTenant) => server.app.get('storageMeter').forget(tenant.id)

beforeAll(async () => {
  server = await startTestServer({ TROUPE_TENANT_MAX_STORED_BYTES: String(MiB) })
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  ids.echo = (await created(a.admin, '/flows', echo('echo'))).id
  ids.hook = (await created(a.admin, '/flows', hook('hook'))).id
  ids.exposed = (await created(a.admin, '/flows', { ...echo('Stored'), exposeViaMcp: true })).id
  const agent = await created(a.admin, '/agents', { name: 'Helper', role: 'Assistant', goal: 'Help' })
  ids.crew = (await created(a.admin, '/crews', { name: 'Crew', process: 'sequential', agentIds: [agent.id], tasks: [{ id: 't', description: 'Do it', expectedOutput: 'Done', agentId: agent.id }] })).id
  ids.session = (await created(a.admin, '/chat-sessions', { agentId: agent.id })).id
  ids.hookOfB = (await created(b.admin, '/flows', hook('hook of B'))).id
  ids.echoOfB = (await created(b.admin, '/flows', echo('echo of B'))).id
  socket = await connectSocket(server.url, a.admin.accessToken)
  const key = (await a.admin.http.post('/api-keys', { name: 'mcp' })).body.key
  mcp = new Client({ name: 'quota', version: '1.0.0' })
  await mcp.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }))

  const big = await created(a.admin, '/executions', { flowId: ids.echo, input: { blob: incompressible(600 * 1024) } })
  expect((await waitForExecution(a.admin.http.get, big.id)).status).toBe('succeeded')
  ids.big = big.id
  measureAgain(a)
})
afterAll(async () => {
  socket?.close()
  await mcp?.close().catch(() => undefined)
  await server?.close()
})

const expectOverQuota = (status: number, body: { message?: string; data?: unknown }, door: string) => {
  expect(status, `${door}: ${JSON.stringify(body)}`).toBe(413)
  expect(body.message, door).toMatch(/stored execution history \([\d.]+ MiB\) is over its quota of 1\.0 MiB/)
  expect(body.message, door).toContain('DELETE /api/v1/executions/:id')
}

describe('a tenant over its storage quota', () => {
  it('is refused on every door that starts an execution, with the reason and the way out', async () => {
    const before = await runsOf(a)
    const rest = await a.admin.http.post('/executions', { flowId: ids.echo, input: {} })
    expectOverQuota(rest.status, rest.body, 'REST flow run')
    expect(rest.body.data).toEqual({ storedBytes: expect.any(Number), maxStoredBytes: MiB })
    expect(rest.body.data.storedBytes).toBeGreaterThan(MiB)
    const crew = await a.admin.http.post('/executions', { crewId: ids.crew, input: {} })
    expectOverQuota(crew.status, crew.body, 'crew run')
    const webhook = await httpClient(server.url).post(`/hooks/${ids.hook}`, { x: 1 })
    expectOverQuota(webhook.status, webhook.body, 'webhook')
    const viaSocket = await socketCall(socket, 'create', 'executions', undefined, { flowId: ids.echo, input: {} })
    expectOverQuota(viaSocket.status, viaSocket.body, 'Socket.IO')
    const chat = await a.admin.http.post('/chat-messages', { sessionId: ids.session, content: 'hello' })
    expectOverQuota(chat.status, chat.body, 'chat')
    const viaMcp = await mcp.callTool({ name: 'flow_stored', arguments: {} })
    expect(viaMcp.isError).toBe(true)
    expect(JSON.stringify(viaMcp.content)).toMatch(/stored execution history .* is over its quota/)
    expect(await runsOf(a)).toBe(before)
  })

  it('leaves other tenants running', async () => {
    const run = await created(b.admin, '/executions', { flowId: ids.echoOfB, input: { fine: true } })
    expect((await waitForExecution(b.admin.http.get, run.id)).status).toBe('succeeded')
    expect((await httpClient(server.url).post(`/hooks/${ids.hookOfB}`, { fine: true })).body).toEqual({ fine: true })
  })

  it('shows its admin the bytes stored and the quota in force', async () => {
    const tenant = (await a.admin.http.get(`/tenants/${a.id}`)).body
    expect(tenant).toMatchObject({ maxStoredBytes: null, limits: { maxStoredBytes: MiB, webhookMaxBodyBytes: MiB } })
    expect(tenant.storedBytes).toBeGreaterThan(MiB)
    const ofB = (await b.admin.http.get(`/tenants/${b.id}`)).body
    expect(ofB.storedBytes).toBeLessThan(MiB)
  })

  it("lets its admin lower the quota but not raise it past the server's", async () => {
    const raised = await a.admin.http.patch(`/tenants/${a.id}`, { maxStoredBytes: 2 * MiB })
    expect(raised.status).toBe(400)
    expect(raised.body.data).toEqual([{ field: 'maxStoredBytes', message: `must be at most ${MiB} (the server's TROUPE_TENANT_MAX_STORED_BYTES)` }])
    const member = await a.addUser('member')
    expect((await member.http.patch(`/tenants/${a.id}`, { maxStoredBytes: 1 })).status).toBe(403)
  })

  it('frees the space when executions are removed, with their node states and events', async () => {
    const viewer = await a.addUser('viewer')
    expect((await viewer.http.delete(`/executions/${ids.big}`)).status).toBe(403)
    expect((await b.admin.http.delete(`/executions/${ids.big}`)).status).toBe(404)
    const removed = await a.admin.http.delete(`/executions/${ids.big}`)
    expect(removed.status).toBe(200)
    expect(removed.body).toMatchObject({ id: ids.big, status: 'succeeded' })
    expect((await a.admin.http.get(`/executions/${ids.big}`)).status).toBe(404)
    expect((await a.admin.http.get(`/execution-events?executionId=${ids.big}`)).body.total).toBe(0)
    const nodes = await server.app.get('knex')('executionNodes').withSchema(tenantSchemaName(a.id)).where({ executionId: ids.big })
    expect(nodes).toEqual([])
    const tenant = (await a.admin.http.get(`/tenants/${a.id}`)).body
    expect(tenant.storedBytes).toBeLessThan(MiB)
    const run = await created(a.admin, '/executions', { flowId: ids.echo, input: { again: true } })
    expect((await waitForExecution(a.admin.http.get, run.id)).status).toBe('succeeded')
  })

  it('refuses to remove an execution that has not finished', async () => {
    const slow = await created(a.admin, '/flows', flowBody('slow', [node('start', 'trigger.manual'), node('wait', 'util.delay', { ms: 10_000 })], [['start', 'wait']]))
    const run = await created(a.admin, '/executions', { flowId: slow.id, input: {} })
    const refused = await a.admin.http.delete(`/executions/${run.id}`)
    expect(refused.status).toBe(409)
    expect(refused.body.message).toContain('cancel it first')
    await a.admin.http.patch(`/executions/${run.id}`, { status: 'cancelled' })
    expect((await a.admin.http.delete(`/executions/${run.id}`)).status).toBe(200)
  })
})

describe("a tenant's own, lower quota", () => {
  it('applies as soon as its admin sets it, and says the admin can raise it', async () => {
    const c = await signupTenant(server.url, 'C')
    const flow = await created(c.admin, '/flows', echo('echo of C'))
    const run = await created(c.admin, '/executions', { flowId: flow.id, input: { blob: incompressible(100 * 1024) } })
    await waitForExecution(c.admin.http.get, run.id)
    expect((await c.admin.http.patch(`/tenants/${c.id}`, { maxStoredBytes: 100_000 })).body).toMatchObject({ maxStoredBytes: 100_000, limits: { maxStoredBytes: 100_000 } })
    const refused = await c.admin.http.post('/executions', { flowId: flow.id, input: {} })
    expect(refused.status).toBe(413)
    expect(refused.body.message).toContain(`have an admin raise the tenant's maxStoredBytes (up to ${MiB})`)
    expect((await c.admin.http.patch(`/tenants/${c.id}`, { maxStoredBytes: null })).status).toBe(200)
    expect((await c.admin.http.post('/executions', { flowId: flow.id, input: {} })).status).toBe(201)
  })
})

describe('the storage meter', () => {
  it('refreshes its figure in the background, answering the last one meanwhile', async () => {
    const meter = new StorageMeter(server.app.get('knex'), server.app.get('logger'), { refreshMs: 100 })
    const tenant = { tenantId: b.id, tenantSchema: tenantSchemaName(b.id) }
    const first = await meter.storedBytes(tenant, MiB)
    expect(first).toBeGreaterThan(0)
    const run = await created(b.admin, '/executions', { flowId: ids.echoOfB, input: { blob: incompressible(200 * 1024) } })
    await waitForExecution(b.admin.http.get, run.id)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(await meter.storedBytes(tenant, MiB)).toBe(first)
    let latest = first
    for (let attempt = 0; attempt < 50 && latest === first; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      latest = await meter.storedBytes(tenant, MiB)
    }
    expect(latest).toBeGreaterThan(first + 200 * 1024)
  })
})
