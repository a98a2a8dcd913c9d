import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restPrefix } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { connectSocket } from './socket.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { mountService, startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let a: TestTenant
let b: TestTenant
let member: TestUser

beforeAll(async () => {
  server = await startTestServer({ TROUPE_CORS_ORIGINS: 'https://app.example.com' })
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  member = await a.addUser('member')
})
afterAll(async () => {
  await server?.close()
})

const audit = async (query = '') => (await a.admin.http.get(`/audit-logs?$limit=200&$sort[at]=-1${query}`)).body.data as Array<Record<string, any>>

describe('audit log', () => {
  it('records changes with who, what, where and outcome, but no values', async () => {
    const flow = await a.admin.http.post('/flows', { ...flowBody('audited', [node('start', 'trigger.manual'), node('wait', 'util.delay', { ms: 3000 })], [['start', 'wait']]), webhookSecret: 'a-very-secret-webhook-value' })
    expect(flow.status).toBe(201)
    await a.admin.http.patch(`/flows/${flow.body.id}`, { description: 'changed' })
    const run = await a.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    await a.admin.http.patch(`/executions/${run.body.id}`, { status: 'cancelled' })
    await waitForExecution(a.admin.http.get, run.body.id)
    await a.admin.http.patch(`/users/${member.id}`, { role: 'viewer' })
    await a.admin.http.post('/api-keys', { name: 'ci key' })
    const refused = await member.http.post('/flows', flowBody('not allowed', []))
    expect(refused.status).toBe(403)
    await a.admin.http.delete(`/flows/${flow.body.id}`)

    const entries = await audit()
    const find = (action: string, service?: string) =>
      entries.find((entry) => entry.actorUserId === a.admin.id && entry.action === action && (!service || entry.service === service))
    expect(find('create', 'flows')).toMatchObject({ actorType: 'user', actorUserId: a.admin.id, recordId: flow.body.id, outcome: 'success', ip: expect.any(String), details: { fields: expect.arrayContaining(['name', 'webhookSecret']) } })
    expect(find('patch', 'flows')).toMatchObject({ recordId: flow.body.id, details: { fields: ['description'] } })
    expect(find('execution.start')).toMatchObject({ recordId: run.body.id, details: { flowId: flow.body.id } })
    expect(find('execution.cancel')).toMatchObject({ recordId: run.body.id })
    expect(find('user.role-change')).toMatchObject({ recordId: member.id, details: { role: 'viewer' } })
    expect(find('api-key.create')).toMatchObject({ outcome: 'success' })
    expect(find('remove', 'flows')).toMatchObject({ recordId: flow.body.id })
    expect(entries.find((entry) => entry.actorUserId === member.id && entry.service === 'flows')).toMatchObject({ outcome: 'failure', error: expect.stringMatching(/may not/) })
    expect(JSON.stringify(entries)).not.toContain('a-very-secret-webhook-value')
  })

  it('records logins, failed logins and logouts', async () => {
    const bad = await fetch(`${server.url}${restPrefix}/authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'local', email: a.admin.email, password: 'wrong password' })
    })
    expect(bad.status).toBe(401)
    const good = await fetch(`${server.url}${restPrefix}/authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'local', email: a.admin.email, password: a.admin.password })
    })
    const { accessToken } = await good.json()
    await fetch(`${server.url}${restPrefix}/authentication`, { method: 'DELETE', headers: { authorization: `Bearer ${accessToken}` } })
    const entries = await audit('&service=authentication')
    expect(entries.map((entry) => [entry.action, entry.outcome])).toEqual(expect.arrayContaining([['login.failed', 'failure'], ['login', 'success'], ['logout', 'success']]))
    expect(JSON.stringify(entries)).not.toContain('wrong password')
  })

  it('is for admins of the tenant only, filterable, and append-only', async () => {
    const viewerOrMember = member
    expect((await viewerOrMember.http.get('/audit-logs')).status).toBe(403)
    expect((await b.admin.http.get('/audit-logs')).body.data.some((entry: { actorUserId: string }) => entry.actorUserId === a.admin.id)).toBe(false)
    const byActor = await audit(`&actorUserId=${member.id}`)
    expect(byActor.length).toBeGreaterThan(0)
    expect(byActor.every((entry) => entry.actorUserId === member.id)).toBe(true)
    const since = new Date(Date.now() - 60_000).toISOString()
    expect((await audit(`&at[$gte]=${since}`)).length).toBeGreaterThan(0)
    const one = (await audit())[0]
    expect((await a.admin.http.post('/audit-logs', { action: 'forged' })).status).toBe(405)
    expect((await a.admin.http.patch(`/audit-logs/${one.id}`, { action: 'forged' })).status).toBe(405)
    expect((await a.admin.http.delete(`/audit-logs/${one.id}`)).status).toBe(405)
  })
})

describe('rate limits', () => {
  let limited: TestServer
  beforeAll(async () => {
    limited = await startTestServer({ TROUPE_RATE_LIMIT: '8', TROUPE_LOGIN_ATTEMPTS: '3' })
  })
  afterAll(async () => {
    await limited?.close()
  })

  it('answers 429 with Retry-After past the per-user limit, over REST and Socket.IO alike', async () => {
    const tenant = await signupTenant(limited.url)
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let index = 0; index < 10; index++) {
      const response = await fetch(`${limited.url}${restPrefix}/flows`, { headers: { authorization: `Bearer ${tenant.admin.accessToken}` } })
      statuses.push(response.status)
      if (response.status === 429) retryAfter = response.headers.get('retry-after')
    }
    expect(statuses).toContain(429)
    expect(statuses.slice(0, 5).every((status) => status === 200)).toBe(true)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    const socket = await connectSocket(limited.url, tenant.admin.accessToken)
    try {
      await expect(socket.service('flows').find()).rejects.toMatchObject({ code: 429 })
    } finally {
      socket.close()
    }
  })

  it('counts anonymous calls per IP and ignores a spoofed X-Forwarded-For (no trusted proxy)', async () => {
    const statuses: number[] = []
    for (let index = 0; index < 12; index++) {
      const response = await fetch(`${limited.url}${restPrefix}/flows`, { headers: { 'x-forwarded-for': `203.0.113.${index}` } })
      statuses.push(response.status)
    }
    expect(statuses).toContain(429)
  })

  it('refuses logins after too many failures for an account, even with the right password', async () => {
    const fresh = await startTestServer({ TROUPE_LOGIN_ATTEMPTS: '3' })
    try {
      const tenant = await signupTenant(fresh.url)
      const login = (password: string) =>
        fetch(`${fresh.url}${restPrefix}/authentication`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ strategy: 'local', email: tenant.admin.email, password })
        })
      for (let attempt = 0; attempt < 3; attempt++) expect((await login('guess')).status).toBe(401)
      const blocked = await login(tenant.admin.password)
      expect(blocked.status).toBe(429)
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await fresh.close()
    }
  })
})

describe('HTTP hygiene', () => {
  it('sends security headers: CSP with frame-ancestors, nosniff, no HSTS over plain HTTP', async () => {
    const response = await fetch(`${server.url}/health`)
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('strict-transport-security')).toBeNull()
  })

  it('sends HSTS behind a trusted TLS proxy only', async () => {
    const proxied = await startTestServer({ TROUPE_TRUST_PROXY: 'true' })
    try {
      const response = await fetch(`${proxied.url}/health`, { headers: { 'x-forwarded-proto': 'https' } })
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/)
    } finally {
      await proxied.close()
    }
    const direct = await fetch(`${server.url}/health`, { headers: { 'x-forwarded-proto': 'https' } })
    expect(direct.headers.get('strict-transport-security')).toBeNull()
  })

  it('answers CORS only for allowed origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}${restPrefix}/flows`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } })
    expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows cross-origin callers the headers plugin routes declared (the MCP plugin\'s session headers)', async () => {
    const preflight = await fetch(`${server.url}/mcp`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'mcp-session-id' }
    })
    expect(preflight.headers.get('access-control-allow-headers')?.split(',')).toEqual(expect.arrayContaining(['authorization', 'mcp-session-id', 'mcp-protocol-version']))
    const api = await fetch(`${server.url}${restPrefix}/flows`, { headers: { origin: 'https://app.example.com' } })
    expect(api.headers.get('access-control-expose-headers')?.split(',')).toEqual(expect.arrayContaining(['retry-after', 'mcp-session-id']))
  })

  it.each(['/API/V1/FLOWS', '/api/v1//flows', '/api/v1/x/../flows', '/api/v1/%2e%2e/v1/flows', '/api/v1/flows%2f..', '/api//v1/flows', '/api/v1/./flows'])(
    'never serves data through the path variant %s (sent as is, with a valid token)',
    async (path) => {
      // fetch would normalise the path first; a raw request sends it exactly as written.
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(server.url)
        const request = httpRequest(
          { host: url.hostname, port: url.port, path, headers: { accept: 'application/json', authorization: `Bearer ${a.admin.accessToken}` } },
          (response) => {
            response.resume()
            resolve(response.statusCode ?? 0)
          }
        )
        request.on('error', reject)
        request.end()
      })
      expect([400, 404]).toContain(status)
    }
  )

  it('refuses multi-record patch and remove', async () => {
    expect((await a.admin.http.patch('/flows', { description: 'all of them' })).status).toBeGreaterThanOrEqual(400)
    expect((await a.admin.http.delete('/flows')).status).toBeGreaterThanOrEqual(400)
    expect((await a.admin.http.get('/flows')).body.data.every((flow: { description: string }) => flow.description !== 'all of them')).toBe(true)
  })

  it('answers 503 to a request that runs past the request timeout', async () => {
    const slow = await startTestServer({ TROUPE_REQUEST_TIMEOUT_MS: '1000' })
    try {
      mountService(slow.app, 'slow', { async find() { await new Promise((resolve) => setTimeout(resolve, 2500)); return [] } })
      slow.app.get('permissions').declare('slow', (_principal, { allow }) => allow('read'))
      const tenant = await signupTenant(slow.url)
      const started = Date.now()
      const response = await tenant.admin.http.get('/slow')
      expect(response.status).toBe(503)
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      await slow.close()
    }
  })
})

describe('GDPR export and erasure', () => {
  let gdpr: TestServer
  let t: TestTenant
  let other: TestTenant
  let person: TestUser
  let personRunId: string
  const toolSecret = 'gdpr-tool-secret-NEVER-EXPORTED'
  beforeAll(async () => {
    gdpr = await startTestServer()
    ;[t, other] = await Promise.all([signupTenant(gdpr.url, 'T'), signupTenant(gdpr.url, 'Other')])
    person = await t.addUser('member')
    await t.admin.http.post('/tools', { name: 'api', kind: 'http', http: { method: 'GET', url: 'https://example.com/', headers: { 'X-Key': '{{ secrets.k }}' } }, secrets: { k: toolSecret } })
    const flow = await t.admin.http.post('/flows', flowBody('personal', [node('start', 'trigger.manual'), node('out', 'flow.output')], [['start', 'out']]))
    const run = await person.http.post('/executions', { flowId: flow.body.id, input: { note: 'my private note' } })
    personRunId = run.body.id
    await waitForExecution(person.http.get, run.body.id)
    const agent = await t.admin.http.post('/agents', { name: 'Echo', role: 'Echo', goal: 'Echo' })
    const session = await person.http.post('/chat-sessions', { agentId: agent.body.id })
    await person.http.post('/chat-messages', { sessionId: session.body.id, content: 'my private question' })
  })
  afterAll(async () => {
    await gdpr?.close()
  })

  it('exports everything about a user to itself, without secrets', async () => {
    const response = await person.http.post('/gdpr/export', { scope: 'user' })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    const { data } = response.body
    expect(data.profile).toMatchObject({ id: person.id, email: person.email })
    // The flow run and the run that answered the chat message.
    expect(data.executions.map((run: { input: unknown }) => run.input)).toEqual(expect.arrayContaining([{ note: 'my private note' }, expect.objectContaining({ message: 'my private question' })]))
    expect(data.chat[0].messages.map((message: { content: string }) => message.content)).toContain('my private question')
    // What the runs did, from the log store.
    expect(data.executionEvents).toContainEqual(expect.objectContaining({ executionId: personRunId, type: 'execution.completed', data: expect.objectContaining({ output: { note: 'my private note' } }) }))
    const text = JSON.stringify(response.body)
    for (const secret of ['passwordHash', 'password_hash', 'keyHash', 'tokenHash', person.password]) expect(text).not.toContain(secret)
  })

  it('lets only admins export others or the tenant, and the tenant bundle carries no secret values', async () => {
    expect((await person.http.post('/gdpr/export', { scope: 'user', userId: t.admin.id })).status).toBe(403)
    expect((await person.http.post('/gdpr/export', { scope: 'tenant' })).status).toBe(403)
    expect((await other.admin.http.post('/gdpr/export', { scope: 'user', userId: person.id })).status).toBe(404)
    const tenant = await t.admin.http.post('/gdpr/export', { scope: 'tenant' })
    expect(tenant.status).toBe(201)
    expect(tenant.body.data.tools[0]).toMatchObject({ name: 'api', secretNames: ['k'] })
    expect(tenant.body.data.profile.length).toBe(2)
    expect(JSON.stringify(tenant.body)).not.toContain(toolSecret)
    expect(JSON.stringify(tenant.body)).not.toContain('Ciphertext')
    expect((await t.admin.http.get('/audit-logs?action=gdpr.export')).body.total).toBeGreaterThanOrEqual(1)
  })

  it('erases a user everywhere: no login, no chats, runs kept without their data; other tenants untouched', async () => {
    expect((await person.http.post('/gdpr/erase', { userId: person.id })).status).toBe(403)
    const erased = await t.admin.http.post('/gdpr/erase', { userId: person.id })
    expect(erased.status, JSON.stringify(erased.body)).toBe(201)
    const login = await fetch(`${gdpr.url}${restPrefix}/authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'local', email: person.email, password: person.password })
    })
    expect(login.status).toBe(401)
    expect((await person.http.get('/flows')).status).toBe(401)
    expect((await t.admin.http.get('/chat-sessions')).body.total).toBe(0)
    const runs = (await t.admin.http.get('/executions')).body.data
    expect(runs.every((run: { startedBy: string | null; input: unknown }) => run.startedBy !== person.id && run.input === null)).toBe(true)
    expect((await t.admin.http.get(`/execution-events?executionId=${personRunId}`)).body.total).toBe(0)
    expect((await t.admin.http.post('/gdpr/export', { scope: 'user', userId: person.id })).status).toBe(404)
    expect((await t.admin.http.get('/audit-logs?action=gdpr.erase')).body.data[0]).toMatchObject({ recordId: person.id })
    expect((await other.admin.http.get('/users')).body.total).toBe(1)
  })

  it('refuses to erase the last admin, and erases a whole tenant on request', async () => {
    const last = await t.admin.http.post('/gdpr/erase', { userId: t.admin.id })
    expect(last.status).toBe(409)
    const gone = await t.admin.http.post('/gdpr/erase', { scope: 'tenant' })
    expect(gone.status, JSON.stringify(gone.body)).toBe(201)
    expect((await t.admin.http.get('/flows')).status).toBe(401)
    const schemas = await gdpr.app.get('knex').raw("select schema_name from information_schema.schemata where schema_name like 'tenant_%'")
    expect(schemas.rows.length).toBe(1)
    expect((await other.admin.http.get('/flows')).status).toBe(200)
  })
})

describe('tenant quotas: monthly LLM budget', () => {
  it('lets admins set a budget on their own tenant only', async () => {
    expect((await member.http.patch(`/tenants/${a.id}`, { monthlyLlmBudgetUsd: 5 })).status).toBe(403)
    expect((await b.admin.http.patch(`/tenants/${a.id}`, { monthlyLlmBudgetUsd: 5 })).status).toBe(404)
    expect((await a.admin.http.patch(`/tenants/${a.id}`, { monthlyLlmBudgetUsd: -1 })).status).toBe(400)
    const own = await a.admin.http.get(`/tenants/${a.id}`)
    expect(own.body).toMatchObject({ id: a.id, monthlyLlmBudgetUsd: null, maxConcurrentExecutions: null })
  })

  it('fails an execution whose LLM call would exceed the budget, with a clear reason and an event', async () => {
    const provider = (await b.admin.http.get('/llm-providers')).body.data[0]
    // Priced so that one call costs about a cent.
    await b.admin.http.patch(`/llm-providers/${provider.id}`, { pricing: { scripted: { inputPerMTok: 10_000, outputPerMTok: 10_000 } } })
    expect((await b.admin.http.patch(`/tenants/${b.id}`, { monthlyLlmBudgetUsd: 0.001 })).status).toBe(200)
    const flow = await b.admin.http.post('/flows', flowBody('llm', [node('start', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'hello there' })], [['start', 'ask']]))
    const first = await b.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    expect((await waitForExecution(b.admin.http.get, first.body.id)).status).toBe('succeeded')
    const second = await b.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    const failed = await waitForExecution(b.admin.http.get, second.body.id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/monthly LLM budget of \$0\.00 is used up/)
    const events = (await b.admin.http.get(`/execution-events?executionId=${second.body.id}&type=budget.exceeded`)).body.data
    expect(events).toEqual([expect.objectContaining({ type: 'budget.exceeded', data: expect.objectContaining({ budgetUsd: 0.001 }) })])
    await b.admin.http.patch(`/tenants/${b.id}`, { monthlyLlmBudgetUsd: null })
    const third = await b.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    expect((await waitForExecution(b.admin.http.get, third.body.id)).status).toBe('succeeded')
  })
})

describe('tenant quotas: concurrent executions', () => {
  it('refuses an execution past the tenant limit with 429, and accepts it again once one ends', async () => {
    const tenant = await signupTenant(server.url)
    expect((await tenant.admin.http.patch(`/tenants/${tenant.id}`, { maxConcurrentExecutions: 1 })).status).toBe(200)
    const flow = await tenant.admin.http.post('/flows', flowBody('slow', [node('start', 'trigger.manual'), node('wait', 'util.delay', { ms: 5000 })], [['start', 'wait']]))
    const first = await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    expect(first.status).toBe(201)
    const second = await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    expect(second.status).toBe(429)
    expect(second.body.message).toMatch(/already runs 1 executions at once/)
    await tenant.admin.http.patch(`/executions/${first.body.id}`, { status: 'cancelled' })
    await waitForExecution(tenant.admin.http.get, first.body.id)
    const third = await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    expect(third.status).toBe(201)
    await tenant.admin.http.patch(`/executions/${third.body.id}`, { status: 'cancelled' })
  })
})
