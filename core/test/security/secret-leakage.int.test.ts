import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { completionReply, errorReply, startFakeOpenAi, type FakeOpenAi } from '@troupe/plugin-llm-openai/testing'
import { createClient, type TroupeClient } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient, type HttpResponse } from '../http.js'
import { connectSocket } from '../socket.js'
import { login, signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, expectFreeOf, openEventStream } from './hostile.js'

/**
 * Every secret the platform holds (provider keys, tool secrets, webhook secrets, passwords, API
 * keys after creation, refresh tokens) is put through every read path there is: REST answers,
 * Socket.IO events, GDPR exports, the audit log, error messages of failing calls, execution
 * records and streams, MCP results, the server's logs and the database at rest.
 */

const secrets = {
  providerKey: 'sk-LEAK-provider-key-5d41402abc4b',
  echoedProviderKey: 'sk-LEAK-echoed-key-7215ee9c7d9d',
  toolSecret: 'tool-LEAK-secret-2c26b46b68ff',
  newToolSecret: 'tool-LEAK-rotated-fcde2b2edba5',
  webhookSecret: 'hook-LEAK-secret-0123456789ab',
  newWebhookSecret: 'hook-LEAK-rotated-0123456789',
  memberPassword: 'pw-LEAK-member-first-1a2b3c',
  changedPassword: 'pw-LEAK-member-second-4d5e6f'
}
/** Filled as the values are issued (shown once, by design, in the answer that issues them). */
const issued: Record<string, string> = {}
const logLines: string[] = []
/** Every answer of a read path, by where it came from. */
const answers: Record<string, unknown[]> = { rest: [], errors: [], executions: [], exports: [], audit: [], mcp: [] }
/** Every Socket.IO event any connection of the tenant received, whatever its service. */
const events: Array<{ who: string; event: string; args: unknown[] }> = []

let server: TestServer
let a: TestTenant
let member: TestUser
let viewer: TestUser
let ok: FakeOpenAi
let echoing: FakeOpenAi
let api: Server
let apiUrl: string
const sockets: TroupeClient[] = []
let mcp: Client | undefined

const keep = (where: keyof typeof answers, response: HttpResponse | unknown) => {
  answers[where].push((response as HttpResponse)?.body ?? response)
  return response as HttpResponse
}
const all = () => ({ ...secrets, ...issued })
const allBut = (...names: string[]) => Object.fromEntries(Object.entries(all()).filter(([name]) => !names.includes(name)))

async function listen(who: string, token: string) {
  const socket = await connectSocket(server.url, token)
  sockets.push(socket)
  socket.socket?.onAny((event: string, ...args: unknown[]) => events.push({ who, event, args }))
  return socket
}

beforeAll(async () => {
  // A third-party API that echoes the request's headers back, in a success and in a failure.
  api = createServer((request, response) => {
    const echo = JSON.stringify({ path: request.url, authorization: request.headers.authorization ?? null, key: request.headers['x-api-key'] ?? null })
    request.resume()
    if (request.url?.startsWith('/broken')) return void response.writeHead(500, { 'content-type': 'application/json' }).end(echo)
    response.writeHead(200, { 'content-type': 'application/json' }).end(echo)
  })
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  ok = await startFakeOpenAi({ 'POST /chat/completions': completionReply({ content: 'fine' }) })
  // A provider endpoint that quotes the key it was sent in its error, as some do.
  echoing = await startFakeOpenAi({ 'POST /chat/completions': (request) => errorReply(401, `Incorrect API key provided: ${request.headers.authorization}`) })
  // The stand-in API and providers listen on 127.0.0.1, which tenants may not reach by default.
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true' }, { logLines })
  a = await signupTenant(server.url, 'Leaky')
  await listen('admin', a.admin.accessToken)

  const added = await a.admin.http.post('/users', { email: 'member@leak.test', name: 'Member', password: secrets.memberPassword, role: 'member' })
  keep('rest', added)
  const session = await login(server.url, 'member@leak.test', secrets.memberPassword)
  issued.memberRefreshToken = session.refreshToken
  member = { id: added.body.id, email: 'member@leak.test', password: secrets.memberPassword, role: 'member', accessToken: session.accessToken, refreshToken: session.refreshToken, http: httpClient(server.url, session.accessToken) }
  viewer = await a.addUser('viewer')
  await Promise.all([listen('member', member.accessToken), listen('viewer', viewer.accessToken)])

  // LLM providers: one that works, one whose endpoint echoes the key in its error.
  const provider = keep('rest', await a.admin.http.post('/llm-providers', { name: 'Paid', kind: 'openai', baseUrl: ok.url, apiKey: secrets.providerKey, priority: 50 }))
  keep('rest', await a.admin.http.patch(`/llm-providers/${provider.body.id}`, { name: 'Paid (renamed)' }))
  keep('rest', await a.admin.http.get(`/llm-providers/${provider.body.id}`))
  const echoingProvider = keep('rest', await a.admin.http.post('/llm-providers', { name: 'Echoing', kind: 'openai', baseUrl: echoing.url, apiKey: secrets.echoedProviderKey, priority: 60 }))
  keep('errors', await member.http.post(`/llm-providers/${provider.body.id}/test`, { prompt: 'hi' }))
  keep('errors', await member.http.post(`/llm-providers/${echoingProvider.body.id}/test`, { prompt: 'hi' }))

  // Tools with secrets: one whose API echoes them back, one whose API fails quoting them.
  const echoTool = keep(
    'rest',
    await a.admin.http.post('/tools', {
      name: 'echo-api',
      kind: 'http',
      exposeViaMcp: true,
      http: { method: 'GET', url: `${apiUrl}/echo`, headers: { Authorization: 'Bearer {{ secrets.token }}' } },
      secrets: { token: secrets.toolSecret }
    })
  )
  keep('rest', await a.admin.http.patch(`/tools/${echoTool.body.id}`, { description: 'changed', secrets: { token: secrets.newToolSecret, other: secrets.toolSecret } }))
  const brokenTool = keep(
    'rest',
    await a.admin.http.post('/tools', { name: 'broken-api', kind: 'http', http: { method: 'GET', url: `${apiUrl}/broken`, headers: { 'x-api-key': '{{ secrets.key }}' } }, secrets: { key: secrets.toolSecret } })
  )
  keep('errors', await member.http.post(`/tools/${echoTool.body.id}/test`, { args: {} }))
  keep('errors', await member.http.post(`/tools/${brokenTool.body.id}/test`, { args: {} }))
  // Server faults whose request carried secrets: answered and logged without them.
  keep('errors', await a.admin.http.post('/tools', { name: 'faulty', kind: 'http', description: 'x\u0000', http: { method: 'GET', url: `${apiUrl}/x`, headers: { Authorization: '{{ secrets.token }}' } }, secrets: { token: secrets.toolSecret } }))
  keep('errors', await a.admin.http.post('/llm-providers', { name: 'faulty\u0000', kind: 'openai', baseUrl: ok.url, apiKey: secrets.providerKey }))

  // Runs that use them, succeeding and failing.
  for (const [name, nodes] of [
    ['echo run', [node('in', 'trigger.manual'), node('call', 'tool.call', { toolId: echoTool.body.id, args: {} }), node('out', 'flow.output')]],
    ['broken run', [node('in', 'trigger.manual'), node('call', 'tool.call', { toolId: brokenTool.body.id, args: {} }), node('out', 'flow.output')]],
    ['echoing provider run', [node('in', 'trigger.manual'), node('call', 'llm.prompt', { prompt: 'hi', providerId: echoingProvider.body.id }), node('out', 'flow.output')]]
  ] as const) {
    const flow = await created(a.admin, '/flows', flowBody(name, [...nodes], [['in', 'call'], ['call', 'out']]))
    const run = await created(member, '/executions', { flowId: flow.id, input: {} })
    keep('executions', await waitForExecution(a.admin.http.get, run.id))
    keep('executions', await a.admin.http.get(`/execution-events?executionId=${run.id}&$limit=1000`))
    keep('executions', (await openEventStream(server.url, run.id, viewer.accessToken)).text)
  }

  // A webhook flow guarded by a secret, rotated once, and called with a wrong one.
  const hook = keep('rest', await a.admin.http.post('/flows', { ...flowBody('hook', [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']]), webhookSecret: secrets.webhookSecret }))
  keep('rest', await a.admin.http.patch(`/flows/${hook.body.id}`, { webhookSecret: secrets.newWebhookSecret }))
  keep('rest', await a.admin.http.put(`/flows/${hook.body.id}`, { ...flowBody('hook', [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']]) }))
  keep('errors', await httpClient(server.url).post(`/hooks/${hook.body.id}`, { x: 1 }, { 'x-troupe-webhook-secret': secrets.webhookSecret }))

  // Passwords: changed by the member, and a login with the wrong one.
  keep('rest', await member.http.patch(`/users/${member.id}`, { password: secrets.changedPassword, currentPassword: secrets.memberPassword }))
  keep('errors', await httpClient(server.url).post('/authentication', { strategy: 'local', email: member.email, password: secrets.memberPassword }))
  const again = await login(server.url, member.email, secrets.changedPassword)
  issued.secondRefreshToken = again.refreshToken
  member.http = httpClient(server.url, again.accessToken)
  // A refresh token rotated, then replayed (which ends that session).
  const third = await login(server.url, member.email, secrets.changedPassword)
  issued.thirdRefreshToken = third.refreshToken
  const rotated = await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: third.refreshToken })
  issued.rotatedRefreshToken = rotated.body.refreshToken
  keep('errors', await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: third.refreshToken }))
  const socketLogin = createClient(server.url, { transport: 'socket' })
  sockets.push(socketLogin)
  issued.socketRefreshToken = (await socketLogin.login(member.email, secrets.changedPassword)).refreshToken ?? ''

  // API keys: shown once at creation, then used.
  const key = await member.http.post('/api-keys', { name: 'ci' })
  issued.memberApiKey = key.body.key
  keep('rest', await a.admin.http.get('/api-keys?$limit=100'))
  keep('rest', await member.http.get(`/api-keys/${key.body.id}`))
  const adminKey = await a.admin.http.post('/api-keys', { name: 'mcp' })
  issued.adminApiKey = adminKey.body.key

  // Everything else a client reads.
  for (const path of ['/users?$limit=100', `/users/${member.id}`, '/llm-providers?$limit=100', '/tools?$limit=100', `/tools/${echoTool.body.id}`, '/flows?$limit=100', `/flows/${hook.body.id}`, '/executions?$limit=100', '/llm-providers?$select[]=name', '/tools?$select[]=name&$select[]=id', '/users?$select[]=email']) {
    keep('rest', await a.admin.http.get(path))
  }
  keep('exports', await member.http.post('/gdpr/export', { scope: 'user' }))
  keep('exports', await a.admin.http.post('/gdpr/export', { scope: 'user', userId: member.id }))
  keep('exports', await a.admin.http.post('/gdpr/export', { scope: 'tenant' }))
  keep('audit', await a.admin.http.get('/audit-logs?$limit=200'))

  mcp = new Client({ name: 'leak-test', version: '1.0.0' })
  await mcp.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${issued.adminApiKey}` } } }))
  keep('mcp', await mcp.listTools())
  keep('mcp', await mcp.callTool({ name: 'echo-api', arguments: {} }))
  // Events still in flight on loopback.
  await new Promise((resolve) => setTimeout(resolve, 500))
})
afterAll(async () => {
  await mcp?.close().catch(() => undefined)
  for (const socket of sockets) socket.close()
  await server?.close()
  await Promise.all([ok?.close(), echoing?.close()])
  api?.closeAllConnections()
  await new Promise((resolve) => api?.close(resolve))
})

const text = (value: unknown) => JSON.stringify(value)

describe('no secret leaves through', () => {
  it('REST answers, $select included', () => {
    expect(answers.rest.length).toBeGreaterThan(20)
    expectFreeOf(text(answers.rest), all(), 'REST answers')
    expect(text(answers.rest)).not.toMatch(/Ciphertext|passwordHash|keyHash|secretHash|\$2[aby]\$/)
  })

  it('the answers of calls that fail: provider and tool test runs, webhook and login refusals', () => {
    expect(text(answers.errors)).toMatch(/\[redacted\]/)
    expectFreeOf(text(answers.errors), all(), 'error answers')
  })

  it('execution records, their events and their SSE streams', () => {
    expect(text(answers.executions)).toMatch(/failed/)
    expectFreeOf(text(answers.executions), all(), 'executions')
  })

  it('GDPR exports of a user and of the tenant', () => {
    for (const bundle of answers.exports) expect((bundle as { data?: unknown }).data, JSON.stringify(bundle).slice(0, 300)).toBeTruthy()
    expectFreeOf(text(answers.exports), all(), 'GDPR exports')
    expect(text(answers.exports)).not.toMatch(/Ciphertext|passwordHash|keyHash|tokenHash|secretHash|\$2[aby]\$/)
  })

  it('the audit log', () => {
    expect(text(answers.audit)).toMatch(/login\.failed/)
    expectFreeOf(text(answers.audit), all(), 'the audit log')
  })

  it('MCP listings and results', () => {
    expect(text(answers.mcp)).toContain('echo-api')
    expectFreeOf(text(answers.mcp), all(), 'MCP')
  })

  it('the server logs', () => {
    // The failing provider call above is logged (what else is logged depends on which faults remain).
    expect(logLines.length).toBeGreaterThanOrEqual(1)
    const logged = logLines.join('\n')
    expectFreeOf(logged, all(), 'the logs')
    expectFreeOf(logged, { adminAccessToken: a.admin.accessToken, memberAccessToken: member.accessToken }, 'the logs')
  })

  it('Socket.IO events of any service, to any role (the API key aside, see below)', () => {
    const services = new Set(events.map((entry) => entry.event.split(' ')[0]))
    expect([...services]).toEqual(expect.arrayContaining(['users', 'llm-providers', 'tools', 'flows', 'executions']))
    expectFreeOf(text(events), allBut('memberApiKey', 'adminApiKey'), 'Socket.IO events')
    expect(text(events)).not.toMatch(/Ciphertext|passwordHash|keyHash|secretHash|\$2[aby]\$/)
  })

  it('Socket.IO events never carry an API key, not even the created one', () => {
    const keyEvents = events.filter((entry) => entry.event.startsWith('api-keys'))
    expect(keyEvents.map((entry) => entry.who)).toContain('admin')
    expectFreeOf(text(keyEvents), { memberApiKey: issued.memberApiKey, adminApiKey: issued.adminApiKey }, 'api-keys events')
  })

  it('the database at rest: hashes and ciphertext only', async () => {
    const knex = server.app.get('knex')
    const schema = (await knex('tenants').where({ id: a.id }).first()).schemaName
    const rows = {
      users: await knex('users').where({ tenantId: a.id }),
      apiKeys: await knex('api_keys').where({ tenantId: a.id }),
      refreshTokens: await knex('refresh_tokens'),
      webhookRoutes: await knex('webhook_routes').where({ tenantId: a.id }),
      tools: await knex('tools').withSchema(schema),
      providers: await knex('llm_providers').withSchema(schema),
      auditLogs: await knex('audit_logs').withSchema(schema),
      executions: await knex('executions').withSchema(schema),
      events: await knex('execution_events').withSchema(schema)
    }
    expect(rows.webhookRoutes.length).toBe(1)
    expectFreeOf(text(rows), all(), 'the database')
  })
})
