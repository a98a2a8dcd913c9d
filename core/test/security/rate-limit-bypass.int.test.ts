import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { createClient, restPrefix, type TroupeClient } from '@troupe/sdk'
import { RateLimiters } from '../../src/limits/rate-limiters.js'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { login, signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, rawRequest, socketCall } from './hostile.js'

/**
 * Ways around the request limit (here 10 a minute): spoofed client-address headers, path variants
 * and other doors to the same data (SSE, MCP), alternating REST and Socket.IO, more connections,
 * more sessions, more API keys, and guessing credentials. None may earn more than the limit.
 */

const limit = 10
let server: TestServer
let t: TestTenant
let flowId: string
let executionId: string
const sockets: TroupeClient[] = []

/** Every test starts with untouched budgets, so that what it spends is all that counts. */
function freshBudgets() {
  const config = server.app.get('config')
  server.app.set('rateLimiters', new RateLimiters({ requestsPerMinute: limit, loginAttemptsPer15Minutes: 1000, namespace: config.redisNamespace }))
}

const track = (socket: TroupeClient) => {
  sockets.push(socket)
  return socket
}

beforeAll(async () => {
  server = await startTestServer({ TROUPE_RATE_LIMIT: String(limit), TROUPE_WEBHOOK_WAIT_MS: '300' })
  t = await signupTenant(server.url)
  freshBudgets()
  flowId = (await created(t.admin, '/flows', flowBody('limited', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))).id
  executionId = (await created(t.admin, '/executions', { flowId, input: {} })).id
  await waitForExecution(t.admin.http.get, executionId)
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
})

/** A fresh user of the tenant (its own budget), logged in, with budgets reset afterwards. */
async function freshUser() {
  freshBudgets()
  const user = await t.addUser('member')
  freshBudgets()
  return user
}

const get = (token: string | undefined, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } })

/** Spends `count` requests of `token` on plain REST reads. */
async function spend(token: string, count: number) {
  const statuses: number[] = []
  for (let index = 0; index < count; index++) statuses.push((await get(token, `${restPrefix}/flows`)).status)
  return statuses
}

describe('client address spoofing', () => {
  const spoofs = (index: number): Record<string, string> => ({
    'x-forwarded-for': `198.51.100.${index}`,
    'x-real-ip': `198.51.100.${index}`,
    forwarded: `for=198.51.100.${index}`,
    'true-client-ip': `198.51.100.${index}`,
    'cf-connecting-ip': `198.51.100.${index}`,
    'x-client-ip': `198.51.100.${index}`
  })

  it('a user rotating spoofed address headers is limited all the same', async () => {
    const user = await freshUser()
    const statuses: number[] = []
    for (let index = 0; index < limit + 2; index++) statuses.push((await get(user.accessToken, `${restPrefix}/flows`, spoofs(index))).status)
    expect(statuses.slice(0, limit).every((status) => status === 200)).toBe(true)
    expect(statuses.slice(limit)).toEqual([429, 429])
  })

  it('anonymous callers rotating spoofed address headers are limited by their real address', async () => {
    freshBudgets()
    const statuses: number[] = []
    for (let index = 0; index < limit + 2; index++) statuses.push((await get(undefined, `${restPrefix}/flows`, spoofs(index))).status)
    expect(statuses.slice(limit)).toEqual([429, 429])
  })

  it('a public webhook called with spoofed addresses is limited per real address', async () => {
    const hook = await created(t.admin, '/flows', flowBody('public hook', [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']]))
    freshBudgets()
    const statuses: number[] = []
    for (let index = 0; index < limit + 2; index++) statuses.push((await httpClient(server.url).post(`/hooks/${hook.id}`, { index }, spoofs(index))).status)
    expect(statuses.slice(limit)).toEqual([429, 429])
  })
})

describe('the same data through another door', () => {
  it.each([
    ['a trailing slash', '/api/v1/flows/'],
    ['a query string', '/api/v1/flows?$limit=1'],
    ['a record path', '/api/v1/flows/FLOW'],
    ['another service', '/api/v1/users'],
    ['an upper-case prefix', '/API/V1/FLOWS'],
    ['a doubled slash', '//api/v1/flows'],
    ['an encoded path', '/api/v1/%66lows'],
    ['a dot segment', '/api/v1/./flows']
  ])('once the limit is spent, %s serves nothing either', async (_case, path) => {
    const user = await freshUser()
    await spend(user.accessToken, limit)
    const response = await rawRequest(server.url, path.replace('FLOW', flowId), { headers: { authorization: `Bearer ${user.accessToken}` } })
    expect([400, 404, 429], `${response.status} ${response.text.slice(0, 200)}`).toContain(response.status)
  })

  it('once the limit is spent, the SSE stream of an execution answers 429', async () => {
    const user = await freshUser()
    await spend(user.accessToken, limit)
    const response = await get(user.accessToken, `${restPrefix}/executions/${executionId}/events`)
    await response.body?.cancel()
    expect(response.status).toBe(429)
  })

  it('once the limit is spent, MCP lists no tools', async () => {
    freshBudgets()
    const key = (await created(t.admin, '/api-keys', { name: `mcp ${Math.random()}` })).key
    freshBudgets()
    const client = new Client({ name: 'limited', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }))
    try {
      expect((await client.listTools()).tools).toBeDefined()
      await spend(key, limit)
      await expect(client.listTools()).rejects.toThrow(/429|Too many requests/i)
    } finally {
      await client.close().catch(() => undefined)
    }
  })

  it('with budget left, the variants that serve data do serve it (so the refusals above are the limit)', async () => {
    const user = await freshUser()
    for (const path of ['/api/v1/flows/', '/api/v1/flows?$limit=1', `/api/v1/flows/${flowId}`, '/api/v1/users']) {
      expect((await rawRequest(server.url, path, { headers: { authorization: `Bearer ${user.accessToken}` } })).status, path).toBe(200)
    }
    const stream = await get(user.accessToken, `${restPrefix}/executions/${executionId}/events`)
    expect(stream.status).toBe(200)
    await stream.body?.cancel()
  })
})

describe('more connections, sessions and keys of one user', () => {
  it('alternating REST and Socket.IO shares one budget', async () => {
    const user = await freshUser()
    const socket = track(await connectSocket(server.url, user.accessToken))
    const statuses: number[] = []
    for (let index = 0; index < limit + 2; index++) {
      statuses.push(index % 2 === 0 ? (await get(user.accessToken, `${restPrefix}/flows`)).status : (await socketCall(socket, 'find', 'flows')).status)
    }
    expect(statuses.slice(0, limit).every((status) => status === 200), JSON.stringify(statuses)).toBe(true)
    expect(statuses.slice(limit)).toEqual([429, 429])
  })

  it('several sockets and reconnections share one budget', async () => {
    const user = await freshUser()
    const statuses: number[] = []
    for (let round = 0; round < 4; round++) {
      const socket = track(await connectSocket(server.url, user.accessToken))
      for (let call = 0; call < 3; call++) statuses.push((await socketCall(socket, 'find', 'flows')).status)
      socket.close()
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(limit)
    expect(statuses.slice(limit)).toEqual([429, 429])
  })

  it('a second login (a new session) does not reset the budget', async () => {
    const user = await freshUser()
    await spend(user.accessToken, limit)
    const again = await login(server.url, user.email, user.password)
    expect((await get(again.accessToken, `${restPrefix}/flows`)).status).toBe(429)
  })

  it('a raw Socket.IO connection authenticated in its handshake is limited too', async () => {
    const user = await freshUser()
    const raw = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { authorization: `Bearer ${user.accessToken}` } })
    try {
      const codes: number[] = []
      for (let index = 0; index < limit + 2; index++) {
        codes.push(await new Promise<number>((resolve) => raw.emit('find', 'flows', {}, (error: { code?: number } | null) => resolve(error?.code ?? 200))))
      }
      expect(codes.slice(limit)).toEqual([429, 429])
    } finally {
      raw.close()
    }
  })

  // docs/security.md: calls with an API key count against the key and its user; a spent budget cannot be renewed through other doors.
  it('an API key\'s spent budget is not renewed by exchanging the key for a token, using it over Socket.IO, or using another key', async () => {
    const user = await freshUser()
    const keys = [(await created(user, '/api-keys', { name: 'one' })).key, (await created(user, '/api-keys', { name: 'two' })).key]
    freshBudgets()
    expect((await spend(keys[0], limit + 1)).at(-1)).toBe(429)
    const exchanged = await httpClient(server.url).post('/authentication', { strategy: 'api-key', apiKey: keys[0] })
    expect(exchanged.status).toBe(201)
    expect((await get(exchanged.body.accessToken, `${restPrefix}/flows`)).status).toBe(429)
    const overSocket = track(createClient(server.url, { transport: 'socket' }))
    await overSocket.authenticate({ strategy: 'api-key', apiKey: keys[0] })
    expect((await socketCall(overSocket, 'find', 'flows')).status).toBe(429)
    // Keys share their user's budget: neither the second key nor the user's own session has any left.
    expect((await get(keys[1], `${restPrefix}/flows`)).status).toBe(429)
    expect((await get(user.accessToken, `${restPrefix}/flows`)).status).toBe(429)
  })
})

describe('the tenant\'s concurrency quota', () => {
  it('a public webhook cannot start runs past the tenant\'s maxConcurrentExecutions', async () => {
    const other = await signupTenant(server.url)
    freshBudgets()
    const slow = await created(other.admin, '/flows', flowBody('slow', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 60_000 })], [['in', 'wait']]))
    const hook = await created(other.admin, '/flows', flowBody('slow hook', [node('hook', 'trigger.webhook'), node('wait', 'util.delay', { ms: 60_000 })], [['hook', 'wait']]))
    expect((await other.admin.http.patch(`/tenants/${other.id}`, { maxConcurrentExecutions: 1 })).status).toBe(200)
    const running = await created(other.admin, '/executions', { flowId: slow.id, input: {} })
    try {
      expect((await other.admin.http.post('/executions', { flowId: slow.id, input: {} })).status, 'the quota holds for a client').toBe(429)
      freshBudgets()
      const statuses: number[] = []
      for (let index = 0; index < 3; index++) statuses.push((await httpClient(server.url).post(`/hooks/${hook.id}`, { index })).status)
      freshBudgets()
      const active = await other.admin.http.get('/executions?status[$in][]=queued&status[$in][]=running')
      expect(active.body.total, JSON.stringify(statuses)).toBe(1)
      expect(statuses).toEqual([429, 429, 429])
    } finally {
      freshBudgets()
      const active = await other.admin.http.get('/executions?status[$in][]=queued&status[$in][]=running&$limit=100')
      for (const execution of active.body.data) await other.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })
      await waitForExecution(other.admin.http.get, running.id)
      freshBudgets()
    }
  })
})

describe('guessing credentials', () => {
  it('guessing bearer tokens over REST is limited per address', async () => {
    freshBudgets()
    const statuses: number[] = []
    for (let index = 0; index < limit + 2; index++) statuses.push((await get(`trp_guess${index}`, `${restPrefix}/flows`)).status)
    expect(statuses.slice(0, limit).every((status) => status === 401)).toBe(true)
    expect(statuses.slice(limit)).toEqual([429, 429])
  })

  it('guessing refresh tokens is limited per address', async () => {
    freshBudgets()
    const statuses: number[] = []
    for (let index = 0; index < limit + 2; index++) statuses.push((await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: `guess-${index}` })).status)
    expect(statuses.slice(limit)).toEqual([429, 429])
  })

  it('renewing a real session is not an anonymous call: with the address budget spent it still renews, while guesses stay refused', async () => {
    freshBudgets()
    const { refreshToken } = await httpClient(server.url)
      .post('/authentication', { strategy: 'local', email: t.admin.email, password: t.admin.password })
      .then((response) => response.body as { refreshToken: string })
    freshBudgets()
    // The address spends its whole anonymous budget (public calls, another page's sign-in attempts).
    for (let index = 0; index < limit; index++) await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: `guess-${index}` })
    expect((await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: 'guess-more' })).status).toBe(429)
    const renewed = await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken })
    expect(renewed.status).toBe(201)
    expect((renewed.body as { accessToken?: string }).accessToken).toBeTruthy()
    // An empty token is no credential: it is an anonymous call like any other.
    expect((await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: '' })).status).toBe(429)
  })

  it('guessing API keys in the Socket.IO authentication call, one connection each, is limited per address', async () => {
    freshBudgets()
    const codes: number[] = []
    for (let index = 0; index < limit + 2; index++) {
      const client = track(createClient(server.url, { transport: 'socket' }))
      codes.push(
        await client.authenticate({ strategy: 'api-key', apiKey: `trp_guess${index}` }).then(
          () => 200,
          (error: { code?: number }) => error.code ?? 0
        )
      )
      client.close()
    }
    expect(codes.slice(limit)).toEqual([429, 429])
  })

  it('guessing bearer tokens on the SSE stream is limited per address, and so is trying without one', async () => {
    for (const token of [(index: number) => `trp_guess${index}`, (index: number) => `guess.${index}.token`, () => undefined]) {
      freshBudgets()
      const statuses: number[] = []
      for (let index = 0; index < limit + 2; index++) statuses.push((await get(token(index), `${restPrefix}/executions/${executionId}/events`, { 'x-forwarded-for': `198.51.100.${index}` })).status)
      expect(statuses.slice(0, limit).every((status) => status === 401), JSON.stringify(statuses)).toBe(true)
      expect(statuses.slice(limit)).toEqual([429, 429])
    }
  })

  it('guessing bearer tokens on /mcp is limited per address, with Retry-After', async () => {
    freshBudgets()
    const responses: Response[] = []
    for (let index = 0; index < limit + 2; index++) {
      responses.push(
        await fetch(`${server.url}/mcp`, {
          method: 'POST',
          headers: { authorization: `Bearer trp_guess${index}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-forwarded-for': `198.51.100.${index}` },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'guesser', version: '1' } } })
        })
      )
    }
    expect(responses.slice(0, limit).map((response) => response.status)).toEqual(Array(limit).fill(401))
    expect(responses.slice(limit).map((response) => response.status)).toEqual([429, 429])
    expect(Number(responses[limit].headers.get('retry-after'))).toBeGreaterThan(0)
    // A valid key from the same address still gets in: only failures count there.
    freshBudgets()
    const valid = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.admin.accessToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'ok', version: '1' } } })
    })
    expect(valid.status).toBe(200)
  })

  it('guessing bearer tokens in Socket.IO handshakes is limited per address', async () => {
    freshBudgets()
    const outcomes: string[] = []
    for (let index = 0; index < limit + 2; index++) {
      const socket = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { authorization: `Bearer guess.${index}.token`, 'x-forwarded-for': `198.51.100.${index}` } })
      outcomes.push(
        await new Promise<string>((resolve) => {
          socket.on('connect_error', (error) => resolve(error.message))
          socket.on('connect', () => resolve('connected'))
        })
      )
      socket.close()
    }
    expect(outcomes.slice(limit).every((outcome) => /Too many requests/.test(outcome)), JSON.stringify(outcomes)).toBe(true)
  })
})
