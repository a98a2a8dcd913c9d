import { request as httpRequest } from 'node:http'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { restPrefix, type TroupeClient } from '@troupe/sdk'
import { WebhookRateLimiter } from '../../src/limits/webhook-rate-limiter.js'
import { signWebhookBody } from '../../src/services/hooks/webhook-signature.js'
import { flowBody, node } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, socketCall } from './hostile.js'

/**
 * An anonymous caller, another tenant and a viewer aim at tenant A's webhooks: bodies far over
 * the tenant's limit, floods, forged and replayed signatures, and every door a viewer's key might
 * open to run a flow. The server's limits here: 30 webhook calls a minute per tenant, 1 MiB bodies.
 */

const perMinute = 30
const MiB = 1024 * 1024
let server: TestServer
let a: TestTenant
let b: TestTenant
let hookOfA: string
let otherHookOfA: string
let hookOfB: string
const sockets: TroupeClient[] = []
const mcpClients: Client[] = []

const echoFlow = (name: string) => flowBody(name, [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']])
const anonymous = () => httpClient(server.url)
const runsOf = async (tenant: TestTenant, flowId: string) => (await tenant.admin.http.get(`/executions?flowId=${flowId}&$limit=0`)).body.total as number

/** Webhook budgets as new: each test spends only what it counts. */
const freshWebhookBudgets = () => server.app.set('webhookRateLimiter', new WebhookRateLimiter({ namespace: server.app.get('config').redisNamespace }))

beforeAll(async () => {
  server = await startTestServer({ TROUPE_WEBHOOK_RATE_LIMIT: String(perMinute), TROUPE_WEBHOOK_WAIT_MS: '5000' })
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  hookOfA = (await created(a.admin, '/flows', echoFlow('hook of A'))).id
  otherHookOfA = (await created(a.admin, '/flows', echoFlow('other hook of A'))).id
  hookOfB = (await created(b.admin, '/flows', echoFlow('hook of B'))).id
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await Promise.all(mcpClients.map((client) => client.close().catch(() => undefined)))
  await server?.close()
})

interface Streamed {
  status: number
  body: any
  /** Bytes of the body the client had handed to the socket when the answer arrived. */
  sentWhenAnswered: number
}

/**
 * Posts a body of `total` bytes in 64 KiB chunks, waiting for each to drain, and stops writing as
 * soon as an answer arrives. `declaredLength` sends `Content-Length` (else the body is chunked).
 */
function streamBody(flowId: string, total: number, { declaredLength, sendBytes = total }: { declaredLength?: number; sendBytes?: number } = {}): Promise<Streamed> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    let sent = 0
    let answered = false
    const request = httpRequest({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: `${restPrefix}/hooks/${flowId}`,
      headers: { 'content-type': 'application/json', ...(declaredLength !== undefined ? { 'content-length': String(declaredLength) } : {}) }
    })
    request.on('response', (response) => {
      answered = true
      const sentWhenAnswered = sent
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null'), sentWhenAnswered }))
    })
    // The server closes the connection after refusing: writes still in flight may fail.
    request.on('error', (error) => (answered ? undefined : reject(error)))
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const write = () => {
      while (!answered && sent < sendBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, sendBytes - sent))
        sent += piece.length
        if (!request.write(piece)) return void request.once('drain', write)
      }
      if (!answered && sent >= total) request.end()
    }
    request.flushHeaders()
    write()
  })
}

describe('bodies over the limit', () => {
  it('refuses a body declared larger than the limit with a 413 naming it, before a byte of it is sent', async () => {
    const outcome = await streamBody(hookOfA, 10 * MiB, { declaredLength: 10 * MiB, sendBytes: 0 })
    expect(outcome.status).toBe(413)
    expect(outcome.body).toMatchObject({ name: 'PayloadTooLarge', message: expect.stringContaining(`limit of ${MiB} bytes`), data: { limit: MiB } })
    expect(outcome.sentWhenAnswered).toBe(0)
  })

  it('refuses a chunked body as soon as it passes the limit, long before its end', async () => {
    const outcome = await streamBody(hookOfA, 64 * MiB)
    expect(outcome.status).toBe(413)
    expect(outcome.body.data).toEqual({ limit: MiB })
    // What the client had written includes what the sockets' buffers took in meanwhile.
    expect(outcome.sentWhenAnswered).toBeLessThan(32 * MiB)
  })

  it('runs nothing for refused bodies, and keeps serving everyone', async () => {
    expect(await runsOf(a, hookOfA)).toBe(0)
    expect((await fetch(`${server.url}/health`)).status).toBe(200)
    expect((await anonymous().post(`/hooks/${hookOfB}`, { ok: true })).body).toEqual({ ok: true })
  })

  it("holds each tenant to the limit its admin set, and B to its own", async () => {
    expect((await a.admin.http.patch(`/tenants/${a.id}`, { webhookMaxBodyBytes: 4096 })).status).toBe(200)
    const body = { text: 'x'.repeat(5000) }
    const refused = await anonymous().post(`/hooks/${hookOfA}`, body)
    expect(refused.status).toBe(413)
    expect(refused.body.message).toContain('limit of 4096 bytes')
    expect((await anonymous().post(`/hooks/${hookOfB}`, body)).status).toBe(200)
    expect((await a.admin.http.patch(`/tenants/${a.id}`, { webhookMaxBodyBytes: null })).status).toBe(200)
    expect((await anonymous().post(`/hooks/${hookOfA}`, body)).status).toBe(200)
  })

  it("lets no admin set a limit above the server's", async () => {
    const response = await a.admin.http.patch(`/tenants/${a.id}`, { webhookMaxBodyBytes: 2 * MiB, webhookRateLimitPerMinute: perMinute + 1 })
    expect(response.status).toBe(400)
    expect(response.body.data).toEqual([
      { field: 'webhookRateLimitPerMinute', message: `must be at most ${perMinute} (the server's TROUPE_WEBHOOK_RATE_LIMIT)` },
      { field: 'webhookMaxBodyBytes', message: `must be at most ${MiB} (the server's TROUPE_WEBHOOK_MAX_BODY_BYTES)` }
    ])
  })

  it.each([
    ['a compressed body', { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
    ['a multipart body', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['a body without a type', {}]
  ])('refuses %s with a 415 without reading it', async (_case, headers) => {
    // Bytes rather than text, which fetch would label text/plain.
    const response = await fetch(`${server.url}${restPrefix}/hooks/${hookOfA}`, { method: 'POST', headers, body: Buffer.from('x'.repeat(100)) })
    expect(response.status).toBe(415)
  })
})

describe('call rates', () => {
  const flood = (flowId: string, calls: number) => Promise.all(Array.from({ length: calls }, (_, index) => anonymous().post(`/hooks/${flowId}`, { index })))

  it("refuses A's calls past its limit with 429 and Retry-After, and leaves B's budget whole", async () => {
    freshWebhookBudgets()
    const answers = await flood(hookOfA, perMinute + 10)
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(perMinute)
    expect(statuses.filter((status) => status === 429)).toHaveLength(10)
    const refused = answers.find((answer) => answer.status === 429)!
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.body.message).toContain(`more than ${perMinute} times in a minute`)
    const ofB = await flood(hookOfB, perMinute)
    expect(ofB.map((answer) => answer.status)).toEqual(Array(perMinute).fill(200))
  })

  it("counts all of a tenant's webhooks together", async () => {
    freshWebhookBudgets()
    await flood(hookOfA, perMinute)
    expect((await anonymous().post(`/hooks/${otherHookOfA}`, {})).status).toBe(429)
  })

  it("keeps one flooded webhook from using up the tenant's other webhooks", async () => {
    freshWebhookBudgets()
    expect((await a.admin.http.patch(`/tenants/${a.id}`, { webhookFlowRateLimitPerMinute: 5 })).status).toBe(200)
    try {
      const statuses = (await flood(hookOfA, perMinute)).map((answer) => answer.status)
      expect(statuses.filter((status) => status === 200)).toHaveLength(5)
      const other = (await flood(otherHookOfA, 5)).map((answer) => answer.status)
      expect(other).toEqual(Array(5).fill(200))
    } finally {
      await a.admin.http.patch(`/tenants/${a.id}`, { webhookFlowRateLimitPerMinute: null })
      freshWebhookBudgets()
    }
  })
})

describe('signed webhooks', () => {
  const signingSecret = `whsec-${randomBytes(24).toString('hex')}`
  let signedHook: string

  beforeAll(async () => {
    freshWebhookBudgets()
    signedHook = (await created(a.admin, '/flows', { ...echoFlow('signed hook'), webhookSigningSecret: signingSecret })).id
  })

  const now = () => Math.floor(Date.now() / 1000)
  const post = (body: string, headers: Record<string, string>) => anonymous().post(`/hooks/${signedHook}`, body, headers)
  const signed = (body: string, timestamp = now(), secret = signingSecret) => ({
    'x-troupe-timestamp': String(timestamp),
    'x-troupe-signature': signWebhookBody(secret, timestamp, body)
  })

  it('runs only the call that is signed, fresh, unaltered and new', async () => {
    const body = JSON.stringify({ amount: 100 })
    const right = signed(body)
    const attempts = {
      missing: await post(body, {}),
      'timestamp only': await post(body, { 'x-troupe-timestamp': String(now()) }),
      'another secret': await post(body, signed(body, now(), `whsec-${randomBytes(24).toString('hex')}`)),
      'garbage signature': await post(body, { 'x-troupe-timestamp': String(now()), 'x-troupe-signature': 'v1=nonsense' }),
      'stale timestamp': await post(body, signed(body, now() - 301)),
      'future timestamp': await post(body, signed(body, now() + 301)),
      'altered body': await post(JSON.stringify({ amount: 1000 }), right),
      'timestamp moved': await post(body, { ...right, 'x-troupe-timestamp': String(now() + 1) })
    }
    for (const [name, response] of Object.entries(attempts)) expect(response.status, name).toBe(401)
    expect(await runsOf(a, signedHook)).toBe(0)
    const accepted = await post(body, right)
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    expect(accepted.body).toEqual({ amount: 100 })
    const replayed = await post(body, right)
    expect(replayed.status).toBe(401)
    expect(replayed.body.message).toContain('already received')
    expect(await runsOf(a, signedHook)).toBe(1)
  })

  it('checks the signature over the raw bytes, whatever the JSON says', async () => {
    const body = '{ "amount" : 100 }'
    const respaced = '{"amount":100}'
    expect((await post(respaced, signed(body))).status).toBe(401)
    expect((await post(body, signed(body))).status).toBe(200)
  })

  it('takes effect at once when rotated, and keeps the secret out of every answer', async () => {
    const next = `whsec-${randomBytes(24).toString('hex')}`
    const patched = await a.admin.http.patch(`/flows/${signedHook}`, { webhookSigningSecret: next })
    expect(patched.status).toBe(200)
    const body = '{"rotated":true}'
    expect((await post(body, signed(body))).status).toBe(401)
    expect((await post(body, signed(body, now(), next))).status).toBe(200)
    const readable = JSON.stringify([patched.body, (await a.admin.http.get(`/flows/${signedHook}`)).body, (await a.admin.http.get('/flows?$limit=100')).body])
    expect(readable).not.toContain(next)
    expect(readable).not.toContain(signingSecret)
    const row = await server.app.get('knex')('webhookRoutes').withSchema('public').where({ flowId: signedHook }).first()
    expect(row.signingSecret).toMatch(/^v1:/)
    expect(row.signingSecret).not.toContain(next)
  })

  it('refuses a short signing secret naming the field, and stops requiring signatures when it is removed', async () => {
    const short = await a.admin.http.patch(`/flows/${signedHook}`, { webhookSigningSecret: 'too-short' })
    expect(short.status).toBe(400)
    expect(JSON.stringify(short.body.data)).toContain('webhookSigningSecret')
    expect((await a.admin.http.patch(`/flows/${signedHook}`, { webhookSigningSecret: null })).status).toBe(200)
    expect((await post('{"unsigned":true}', {})).status).toBe(200)
  })
})

describe("a viewer's key or token runs nothing", () => {
  let viewer: TestUser
  let member: TestUser
  let viewerKey: string
  let narrowedKey: string

  const apiKey = async (user: TestUser, role?: string) => {
    const response = await user.http.post('/api-keys', { name: `key ${Math.random()}`, ...(role ? { role } : {}) })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    return response.body.key as string
  }

  beforeAll(async () => {
    freshWebhookBudgets()
    ;[viewer, member] = await Promise.all([a.addUser('viewer'), a.addUser('member')])
    viewerKey = await apiKey(viewer)
    // A member's key narrowed to viewer acts as a viewer.
    narrowedKey = await apiKey(member, 'viewer')
    await created(a.admin, '/flows', { ...flowBody('Exposed', [node('start', 'trigger.manual'), node('out', 'flow.output')], [['start', 'out']]), exposeViaMcp: true })
  })

  const allRuns = async () => (await a.admin.http.get('/executions?$limit=0')).body.total as number

  it.each([
    ['API key', () => viewerKey],
    ['access token', () => viewer.accessToken],
    ["member's key narrowed to viewer", () => narrowedKey]
  ])("a viewer's %s gets 403 from a webhook, from executions and from a crew run", async (_case, credential) => {
    const before = await allRuns()
    const withCredential = httpClient(server.url, credential())
    const hook = await withCredential.post(`/hooks/${hookOfA}`, { by: 'viewer' })
    expect(hook.status).toBe(403)
    expect(hook.body.message).toMatch(/viewer may not run flows/)
    expect((await withCredential.post('/executions', { flowId: hookOfA, input: {} })).status).toBe(403)
    expect((await withCredential.post('/executions', { crewId: '00000000-0000-4000-8000-000000000000', input: {} })).status).toBe(403)
    expect(await allRuns()).toBe(before)
  })

  it('a webhook called with invalid credentials or those of another tenant runs nothing', async () => {
    const before = await allRuns()
    expect((await httpClient(server.url, 'trp_not-a-real-key').post(`/hooks/${hookOfA}`, {})).status).toBe(401)
    expect((await httpClient(server.url, 'not.a.jwt').post(`/hooks/${hookOfA}`, {})).status).toBe(401)
    expect((await b.admin.http.post(`/hooks/${hookOfA}`, {})).status).toBe(403)
    expect(await allRuns()).toBe(before)
  })

  it("a member's credentials are held to the flow's tenant, and run it", async () => {
    expect((await httpClient(server.url, await apiKey(member)).post(`/hooks/${hookOfA}`, { by: 'member' })).body).toEqual({ by: 'member' })
  })

  it('over Socket.IO, a viewer can neither call a webhook nor start an execution', async () => {
    const before = await allRuns()
    const socket = await connectSocket(server.url, viewer.accessToken)
    sockets.push(socket)
    expect((await socketCall(socket, 'create', `hooks/${hookOfA}`, undefined, { by: 'socket' })).status).toBe(405)
    expect((await socketCall(socket, 'create', 'executions', undefined, { flowId: hookOfA, input: {} })).status).toBe(403)
    expect(await allRuns()).toBe(before)
  })

  it("over MCP, a viewer's key lists the exposed flow but cannot run it", async () => {
    const before = await allRuns()
    const client = new Client({ name: 'viewer', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${viewerKey}` } } }))
    mcpClients.push(client)
    const tool = (await client.listTools()).tools.find((candidate) => candidate.name === 'flow_exposed')
    expect(tool, 'the exposed flow is listed').toBeTruthy()
    const result = await client.callTool({ name: 'flow_exposed', arguments: {} })
    expect(result.isError).toBe(true)
    expect(JSON.stringify(result.content)).toMatch(/Forbidden|may not/)
    expect(await allRuns()).toBe(before)
  })

  it('a viewer cannot chat an execution into being', async () => {
    const before = await allRuns()
    const agent = await created(a.admin, '/agents', { name: 'Helper', role: 'Assistant', goal: 'Help' })
    const session = await created(a.admin, '/chat-sessions', { agentId: agent.id })
    const viewerHttp = httpClient(server.url, viewerKey)
    expect((await viewerHttp.post('/chat-sessions', { agentId: agent.id })).status).toBe(403)
    expect([403, 404]).toContain((await viewerHttp.post('/chat-messages', { sessionId: session.id, content: 'run something' })).status)
    expect(await allRuns()).toBe(before)
  })
})
