import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { flowBody, node } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { login, signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, restCall, socketCall, type Outcome, type Verb } from './hostile.js'

/**
 * Mass assignment (server-owned fields in create and patch bodies) and role escalation (a member
 * or viewer reaching for more, a key above its owner, a demoted admin's open token and socket).
 */

let server: TestServer
let a: TestTenant
let b: TestTenant
let member: TestUser
let viewer: TestUser
const sockets: TroupeClient[] = []
const foreignId = '00000000-0000-4000-8000-000000000001'
const records: Record<string, string> = {}

const connect = async (token: string) => {
  const socket = await connectSocket(server.url, token)
  sockets.push(socket)
  return socket
}

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  ;[member, viewer] = await Promise.all([a.addUser('member'), a.addUser('viewer')])
  records.flow = (await created(a.admin, '/flows', flowBody('plain', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))).id
  const slow = await created(a.admin, '/flows', flowBody('slow', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 600_000 })], [['in', 'wait']]))
  records.running = (await created(a.admin, '/executions', { flowId: slow.id, input: {} })).id
  records.tool = (await created(a.admin, '/tools', { name: 'owned', kind: 'code', code: 'export default () => 1' })).id
  records.provider = (await created(a.admin, '/llm-providers', { name: 'owned', kind: 'scripted' })).id
  records.agent = (await created(a.admin, '/agents', { name: 'owned', role: 'r', goal: 'g' })).id
  records.crew = (await created(a.admin, '/crews', { name: 'owned', process: 'sequential', agentIds: [records.agent], tasks: [{ id: 't', description: 'd', expectedOutput: 'e' }] })).id
  records.session = (await created(member, '/chat-sessions', { flowId: records.flow })).id
  records.message = (await created(member, '/chat-messages', { sessionId: records.session, content: 'hello' })).id
})
afterAll(async () => {
  await a?.admin.http.patch(`/executions/${records.running}`, { status: 'cancelled' })
  for (const socket of sockets) socket.close()
  await server?.close()
})

const rowsOf = (body: { data?: unknown[] }) => (body.data ?? []) as Array<Record<string, unknown>>

describe('mass assignment', () => {
  /** A valid create body per service, to which one server-owned field is added. */
  const bodies: Record<string, () => Record<string, unknown>> = {
    users: () => ({ email: `new-${Math.random().toString(36).slice(2)}@example.test`, name: 'New', password: 'long password' }),
    flows: () => ({ name: 'assigned' }),
    executions: () => ({ flowId: records.flow, input: {} }),
    tools: () => ({ name: `assigned-${Math.random().toString(36).slice(2, 8)}`, kind: 'code', code: 'export default () => 1' }),
    'llm-providers': () => ({ name: 'assigned', kind: 'scripted' }),
    'api-keys': () => ({ name: 'assigned' }),
    agents: () => ({ name: `assigned ${Math.random()}`, role: 'r', goal: 'g' }),
    crews: () => ({ name: 'assigned', process: 'sequential', agentIds: [records.agent], tasks: [{ id: 't', description: 'd', expectedOutput: 'e' }] }),
    'chat-sessions': () => ({ flowId: records.flow }),
    'chat-messages': () => ({ sessionId: records.session, content: 'assigned' })
  }

  const createCases: Array<[string, string, () => unknown]> = [
    ['users', 'id', () => foreignId],
    ['users', 'tenantId', () => b.id],
    ['users', 'passwordHash', () => '$2a$04$abcdefghijklmnopqrstuv'],
    ['users', 'createdAt', () => '2000-01-01T00:00:00.000Z'],
    ['flows', 'id', () => foreignId],
    ['flows', 'version', () => 99],
    ['flows', 'createdBy', () => member.id],
    ['flows', 'updatedBy', () => member.id],
    ['flows', 'tenantId', () => b.id],
    ['executions', 'status', () => 'succeeded'],
    ['executions', 'output', () => 'forged output'],
    ['executions', 'startedBy', () => member.id],
    ['executions', 'flowVersion', () => 99],
    ['executions', 'trigger', () => 'webhook'],
    ['executions', 'error', () => null],
    ['executions', 'crewId', () => records.crew],
    ['tools', 'id', () => foreignId],
    ['tools', 'secretsCiphertext', () => ({ token: 'v1:forged' })],
    ['tools', 'secretNames', () => ['token']],
    ['tools', 'createdBy', () => member.id],
    ['llm-providers', 'apiKeyCiphertext', () => 'v1:forged'],
    ['llm-providers', 'hasApiKey', () => true],
    ['llm-providers', 'id', () => foreignId],
    ['api-keys', 'keyHash', () => 'a'.repeat(64)],
    ['api-keys', 'userId', () => member.id],
    ['api-keys', 'prefix', () => 'trp_forged'],
    ['api-keys', 'key', () => 'trp_chosen-by-the-client'],
    ['api-keys', 'lastUsedAt', () => new Date().toISOString()],
    ['agents', 'id', () => foreignId],
    ['agents', 'createdBy', () => member.id],
    ['crews', 'createdBy', () => member.id],
    ['chat-sessions', 'userId', () => member.id],
    ['chat-sessions', 'id', () => foreignId],
    ['chat-messages', 'role', () => 'assistant'],
    ['chat-messages', 'userId', () => member.id],
    ['chat-messages', 'status', () => 'streaming'],
    ['chat-messages', 'executionId', () => records.running]
  ]

  describe.each(['rest', 'socket'] as const)('over %s', (transport) => {
    let socket: TroupeClient
    beforeAll(async () => {
      socket = await connect(a.admin.accessToken)
    })
    const call = (verb: Verb, path: string, id: string | undefined, body: unknown): Promise<Outcome> =>
      transport === 'rest' ? restCall(a.admin.http, verb, path, id, body) : socketCall(socket, verb, path, id, body)

    it.each(createCases)('create %s with %s is refused with a 400 naming it, and stores nothing', async (path, field, value) => {
      const count = async () => (await a.admin.http.get(`/${path}?$limit=1`)).body.total
      const before = await count()
      const outcome = await call('create', path, undefined, { ...bodies[path](), [field]: value() })
      expect(outcome.status, JSON.stringify(outcome.body)).toBe(400)
      expect(outcome.body.data).toContainEqual({ field, message: 'is not allowed' })
      expect(await count()).toBe(before)
    })

    const patchCases: Array<[string, () => string, string, () => unknown]> = [
      ['flows', () => records.flow, 'version', () => 99],
      ['flows', () => records.flow, 'createdBy', () => member.id],
      ['flows', () => records.flow, 'id', () => foreignId],
      ['executions', () => records.running, 'status', () => 'succeeded'],
      ['executions', () => records.running, 'output', () => 'forged'],
      ['executions', () => records.running, 'flowId', () => records.flow],
      ['tools', () => records.tool, 'secretsCiphertext', () => ({ token: 'v1:forged' })],
      ['tools', () => records.tool, 'createdBy', () => member.id],
      ['llm-providers', () => records.provider, 'apiKeyCiphertext', () => 'v1:forged'],
      ['llm-providers', () => records.provider, 'hasApiKey', () => true],
      ['agents', () => records.agent, 'createdBy', () => member.id],
      ['crews', () => records.crew, 'id', () => foreignId],
      ['chat-sessions', () => records.session, 'userId', () => a.admin.id],
      ['chat-sessions', () => records.session, 'flowId', () => records.flow],
      ['chat-messages', () => records.message, 'content', () => 'rewritten history'],
      ['chat-messages', () => records.message, 'status', () => 'complete'],
      ['users', () => member.id, 'tenantId', () => b.id],
      ['users', () => member.id, 'passwordHash', () => '$2a$04$abcdefghijklmnopqrstuv'],
      ['users', () => member.id, 'createdAt', () => '2000-01-01T00:00:00.000Z'],
      ['tenants', () => a.id, 'id', () => b.id],
      ['tenants', () => a.id, 'schemaName', () => 'public'],
      ['tenants', () => a.id, 'createdAt', () => '2000-01-01T00:00:00.000Z']
    ]

    it.each(patchCases)('patch %s with %s is refused with a 400, and changes nothing', async (path, id, field, value) => {
      // A tenant's stored bytes are measured, not written by a patch: they may move on their own.
      const read = async () => ({ ...(await a.admin.http.get(`/${path}/${id()}`)).body, storedBytes: undefined })
      const before = await read()
      const outcome = await call('patch', path, id(), { [field]: value() })
      expect(outcome.status, JSON.stringify(outcome.body)).toBe(400)
      expect(JSON.stringify(outcome.body.data ?? outcome.body.message)).toContain(field)
      expect(await read()).toEqual(before)
    })
  })

  it('an empty patch of the tenant is not a 500', async () => {
    const response = await a.admin.http.patch(`/tenants/${a.id}`, {})
    expect(response.status).not.toBe(500)
  })

  it('signup takes no tenant, role or hash from the body, and never joins an existing tenant', async () => {
    const anonymous = httpClient(server.url)
    const base = { tenant: { name: 'Intruder' }, name: 'In', password: 'long password' }
    for (const extra of [{ tenantId: a.id }, { role: 'viewer' }, { passwordHash: 'x' }, { tenant: { name: 'Intruder', id: a.id } }, { tenant: { name: 'Intruder', schemaName: 'public' } }]) {
      const response = await anonymous.post('/signup', { ...base, email: `in-${Math.random().toString(36).slice(2)}@example.test`, ...extra })
      expect(response.status, JSON.stringify(extra)).toBe(400)
    }
    expect(rowsOf((await a.admin.http.get('/users?$limit=100')).body).map((user) => user.email)).not.toContainEqual(expect.stringMatching(/^in-/))
  })
})

describe('role escalation', () => {
  it.each(['member', 'viewer'] as const)('a %s cannot change its own role over Socket.IO, even with other fields', async (role) => {
    const user = role === 'member' ? member : viewer
    const socket = await connect(user.accessToken)
    for (const body of [{ role: 'admin' }, { name: 'Me', role: 'admin' }]) {
      expect((await socketCall(socket, 'patch', 'users', user.id, body)).status).toBe(403)
    }
    expect((await socketCall(socket, 'update', 'users', user.id, { email: user.email, name: 'Me', password: 'long password', role: 'admin' })).status).toBe(405)
    expect((await a.admin.http.get(`/users/${user.id}`)).body.role).toBe(role)
  })

  it.each(['member', 'viewer'] as const)('a %s cannot create users (an admin least of all), nor take over the admin\'s account', async (role) => {
    const user = role === 'member' ? member : viewer
    const admin = { email: `boss-${role}@example.test`, name: 'Boss', password: 'long password', role: 'admin' }
    expect((await user.http.post('/users', admin)).status).toBe(403)
    expect((await user.http.patch(`/users/${a.admin.id}`, { email: `taken-${role}@example.test` })).status).toBe(404)
    expect((await user.http.patch(`/users/${a.admin.id}`, { password: 'chosen by the attacker' })).status).toBe(404)
    expect((await user.http.delete(`/users/${a.admin.id}`)).status).toBe(403)
    expect((await login(server.url, a.admin.email, a.admin.password)).user.role).toBe('admin')
  })

  it('an API key is never above its owner, and a key exchanged for a token stays narrowed and cannot mint keys', async () => {
    expect((await viewer.http.post('/api-keys', { name: 'up', role: 'member' })).status).toBe(403)
    expect((await viewer.http.post('/api-keys', { name: 'up', role: 'admin' })).status).toBe(403)
    const narrowed = await created(a.admin, '/api-keys', { name: 'read only', role: 'viewer' })
    const exchanged = await httpClient(server.url).post('/authentication', { strategy: 'api-key', apiKey: narrowed.key })
    expect(exchanged.status).toBe(201)
    const asToken = httpClient(server.url, exchanged.body.accessToken)
    expect((await asToken.get('/flows')).status).toBe(200)
    expect((await asToken.post('/flows', { name: 'nope' })).status).toBe(403)
    expect((await asToken.post('/users', { email: 'k@example.test', name: 'K', password: 'long password' })).status).toBe(403)
    expect((await asToken.post('/api-keys', { name: 'child' })).status).toBe(403)
  })

  it('a read-only API key cannot take over its owner\'s account by setting the password or email', async () => {
    const owner = await a.addUser('admin')
    const readOnly = await created(owner, '/api-keys', { name: 'monitoring', role: 'viewer' })
    const withKey = httpClient(server.url, readOnly.key)
    const password = await withKey.patch(`/users/${owner.id}`, { password: 'chosen by whoever holds the key' })
    const relogin = await httpClient(server.url).post('/authentication', { strategy: 'local', email: owner.email, password: 'chosen by whoever holds the key' })
    expect(relogin.status, 'the key turned into a password login with the owner\'s admin role').toBe(401)
    const email = await withKey.patch(`/users/${owner.id}`, { email: `attacker-${owner.id}@example.test` })
    expect([password.status, email.status]).toEqual([403, 403])
    expect((await login(server.url, owner.email, owner.password)).user.role).toBe('admin')
  })

  it('a key acts with its owner\'s current role: a key minted as admin is a viewer key once its owner is a viewer', async () => {
    const owner = await a.addUser('admin')
    const full = await created(owner, '/api-keys', { name: 'full' })
    const adminRole = await created(owner, '/api-keys', { name: 'admin', role: 'admin' })
    expect((await a.admin.http.patch(`/users/${owner.id}`, { role: 'viewer' })).status).toBe(200)
    for (const key of [full.key, adminRole.key]) {
      const withKey = httpClient(server.url, key)
      expect((await withKey.post('/flows', { name: 'nope' })).status).toBe(403)
      expect((await withKey.post('/llm-providers', { name: 'nope', kind: 'scripted' })).status).toBe(403)
      expect(rowsOf((await withKey.get('/users?$limit=100')).body).map((user) => user.id)).toEqual([owner.id])
    }
  })

  const viewerWrites: Array<[string, Verb, string, () => string | undefined, () => unknown]> = [
    ['runs a flow', 'create', 'executions', () => undefined, () => ({ flowId: records.flow, input: {} })],
    ['cancels an execution', 'patch', 'executions', () => records.running, () => ({ status: 'cancelled' })],
    ['creates a flow', 'create', 'flows', () => undefined, () => ({ name: 'v' })],
    ['creates a tool', 'create', 'tools', () => undefined, () => ({ name: 'v', kind: 'code', code: 'export default () => 1' })],
    ['test-runs a tool', 'create', 'tools/:id/test', () => undefined, () => ({ args: {} })],
    ['creates an agent', 'create', 'agents', () => undefined, () => ({ name: 'v', role: 'r', goal: 'g' })],
    ['creates a crew', 'create', 'crews', () => undefined, () => ({ name: 'v', process: 'sequential', agentIds: [records.agent], tasks: [{ id: 't', description: 'd', expectedOutput: 'e' }] })],
    ['removes a crew', 'remove', 'crews', () => records.crew, () => undefined],
    ['opens a chat session', 'create', 'chat-sessions', () => undefined, () => ({ flowId: records.flow })],
    ['sends a chat message into its own session', 'create', 'chat-messages', () => undefined, () => ({ sessionId: records.viewerSession, content: 'hi' })],
    ['discovers an MCP server', 'create', 'mcp-discovery', () => undefined, () => ({ serverUrl: 'http://127.0.0.1:9/mcp' })],
    ['tests an LLM provider', 'create', 'llm-providers/:id/test', () => undefined, () => ({ prompt: 'hi' })],
    ['exports the tenant', 'create', 'gdpr/export', () => undefined, () => ({ scope: 'tenant' })],
    ['reads the audit log', 'find', 'audit-logs', () => undefined, () => undefined],
    ['raises the tenant\'s quotas', 'patch', 'tenants', () => a.id, () => ({ maxConcurrentExecutions: 100_000, monthlyLlmBudgetUsd: null })]
  ]

  describe.each(['rest', 'socket'] as const)('a viewer over %s', (transport) => {
    let socket: TroupeClient
    beforeAll(async () => {
      socket = await connect(viewer.accessToken)
      // A session of the viewer's own (made internally: viewers may not open one) still does not let it chat.
      const sessions = server.app.service('chat-sessions' as never) as unknown as { create(data: object, params: object): Promise<{ id: string }> }
      records.viewerSession ??= (await sessions.create({ flowId: records.flow }, { principal: await principalOf(viewer) })).id
    })

    it.each(viewerWrites)('%s: 403, and nothing changes', async (_case, verb, path, id, body) => {
      const concrete = path.replace(':id', path.startsWith('tools') ? records.tool : records.provider)
      const runsBefore = (await a.admin.http.get('/executions?$limit=1')).body.total
      const outcome = transport === 'rest' ? await restCall(viewer.http, verb, concrete, id(), body()) : await socketCall(socket, verb, concrete, id(), body())
      expect(outcome.status, JSON.stringify(outcome.body)).toBe(403)
      expect((await a.admin.http.get('/executions?$limit=1')).body.total).toBe(runsBefore)
      expect((await a.admin.http.get(`/executions/${records.running}`)).body.status).toMatch(/queued|running/)
      expect((await a.admin.http.get(`/crews/${records.crew}`)).status).toBe(200)
    })
  })

  it('a member cannot manage providers, users, the audit log or the tenant export, nor touch another member\'s session and key', async () => {
    const other = await a.addUser('member')
    const theirs = await created(other, '/chat-sessions', { flowId: records.flow })
    const theirKey = await created(other, '/api-keys', { name: 'theirs' })
    const refusals = [
      await member.http.post('/llm-providers', { name: 'm', kind: 'scripted' }),
      await member.http.patch(`/llm-providers/${records.provider}`, { enabled: false }),
      await member.http.delete(`/llm-providers/${records.provider}`),
      await member.http.post('/users', { email: 'm@example.test', name: 'M', password: 'long password' }),
      await member.http.get('/audit-logs'),
      await member.http.post('/gdpr/export', { scope: 'tenant' }),
      await member.http.post('/gdpr/erase', { userId: other.id }),
      await member.http.patch(`/tenants/${a.id}`, { maxConcurrentExecutions: 100_000 }),
      await member.http.patch(`/tenants/${a.id}`, { monthlyLlmBudgetUsd: 1_000_000 })
    ]
    expect(refusals.map((response) => response.status)).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403])
    expect((await a.admin.http.get(`/tenants/${a.id}`)).body).toMatchObject({ maxConcurrentExecutions: null, monthlyLlmBudgetUsd: null })
    const horizontal = [
      await member.http.get(`/chat-sessions/${theirs.id}`),
      await member.http.patch(`/chat-sessions/${theirs.id}`, { title: 'mine now' }),
      await member.http.delete(`/chat-sessions/${theirs.id}`),
      await member.http.post('/chat-messages', { sessionId: theirs.id, content: 'hi' }),
      await member.http.delete(`/api-keys/${theirKey.id}`)
    ]
    expect(horizontal.map((response) => response.status)).toEqual([404, 404, 404, 404, 404])
    expect((await a.admin.http.get(`/chat-sessions/${theirs.id}`)).body.title).toBe('')
    expect((await httpClient(server.url, theirKey.key).get('/flows')).status).toBe(200)
    expect((await a.admin.http.get(`/llm-providers/${records.provider}`)).body.enabled).toBe(true)
  })

  it('a demoted admin loses admin rights at once, on its open token and its open socket', async () => {
    const demoted = await a.addUser('admin')
    const socket = await connect(demoted.accessToken)
    expect((await socketCall(socket, 'find', 'audit-logs')).status).toBe(200)
    expect((await a.admin.http.patch(`/users/${demoted.id}`, { role: 'member' })).status).toBe(200)
    const newUser = { email: 'after-demotion@example.test', name: 'After', password: 'long password', role: 'admin' }
    expect((await socketCall(socket, 'create', 'users', undefined, newUser)).status).toBe(403)
    expect((await socketCall(socket, 'find', 'audit-logs')).status).toBe(403)
    expect((await socketCall(socket, 'create', 'llm-providers', undefined, { name: 'x', kind: 'scripted' })).status).toBe(403)
    expect((await socketCall(socket, 'patch', 'users', demoted.id, { role: 'admin' })).status).toBe(403)
    const seen = await socketCall(socket, 'find', 'users', undefined, undefined, { $limit: 100 })
    expect(rowsOf(seen.body).map((user) => user.id)).toEqual([demoted.id])
    expect((await demoted.http.post('/users', newUser)).status).toBe(403)
    expect((await demoted.http.get('/audit-logs')).status).toBe(403)
    expect((await demoted.http.patch(`/tenants/${a.id}`, { name: 'renamed by a demoted admin' })).status).toBe(403)
    expect((await a.admin.http.get(`/users/${demoted.id}`)).body.role).toBe('member')
  })
})

async function principalOf(user: TestUser) {
  const { loadPrincipal } = await import('../../src/auth/load-principal.js')
  return (await loadPrincipal(server.app.get('models'), { userId: user.id })).principal
}
