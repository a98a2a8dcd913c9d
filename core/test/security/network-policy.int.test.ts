import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completionReply, startFakeOpenAi, type FakeOpenAi } from '@troupe/plugin-llm-openai/testing'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, rawRequest } from './hostile.js'

/**
 * The outbound network policy with its defaults: tenants' tools never reach loopback (the server
 * itself, its `/metrics`, local services) or metadata in any notation; the operator's allow-list
 * opens given `host:port` endpoints to LLM providers only, and the operator's own
 * `OPENAI_BASE_URL` is always reachable for the operator's key. A canary on 127.0.0.1 proves that
 * refused targets are never connected to.
 */

let server: TestServer
let t: TestTenant
let canary: Server
let canaryPort: number
const canaryHits: string[] = []
/** A local model server the operator allow-lists (`TROUPE_LLM_ALLOWED_HOSTS`). */
let localModel: FakeOpenAi
/** The operator's own endpoint (`OPENAI_BASE_URL`), on loopback too. */
let operatorModel: FakeOpenAi
const operatorKey = 'sk-operator-on-loopback-0123456789'

beforeAll(async () => {
  canary = createServer((request, response) => {
    canaryHits.push(request.url ?? '')
    request.resume()
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"reached":"canary"}')
  })
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve))
  canaryPort = (canary.address() as AddressInfo).port
  ;[localModel, operatorModel] = await Promise.all([
    startFakeOpenAi({ 'POST /chat/completions': completionReply({ content: 'local' }) }),
    startFakeOpenAi({ 'POST /chat/completions': completionReply({ content: 'operator' }) })
  ])
  // Nothing about loopback, private networks or metrics: the defaults are what is tested.
  server = await startTestServer({ TROUPE_LLM_ALLOWED_HOSTS: new URL(localModel.url).host, OPENAI_BASE_URL: operatorModel.url, OPENAI_API_KEY: operatorKey })
  t = await signupTenant(server.url, 'Policy')
})
afterAll(async () => {
  await server?.close()
  await Promise.all([localModel?.close(), operatorModel?.close()])
  canary?.closeAllConnections()
  await new Promise((resolve) => canary?.close(resolve))
})

/** What the guard says when it refuses; a plain connection error would mean it let the call through. */
const refusal = /outbound calls may not reach|is not a valid URL|Invalid URL|does not resolve/

/** Every way to write loopback or this host, each pointing at the canary's port. */
const loopback = [
  '127.0.0.1',
  '127.1',
  '127.0.1',
  '127.255.255.254',
  '0x7f000001',
  '0x7F.0.0.1',
  '2130706433',
  '0177.0.0.1',
  '017700000001',
  '127.0.0.1.',
  '[::1]',
  '[0:0:0:0:0:0:0:1]',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[0:0:0:0:0:ffff:127.0.0.1]',
  '[::ffff:0:7f00:1]',
  '[::127.0.0.1]',
  '[64:ff9b::7f00:1]',
  '[2002:7f00:1::1]',
  '[fe80::1%25lo]',
  '[::1%25lo]',
  'localhost',
  'LOCALHOST',
  '0.0.0.0',
  '0',
  '[::]'
]

/** Metadata in every notation, IPv4-translated and other IPv6 embeddings included. */
const metadata = [
  '169.254.169.254',
  '169.254.169.254.',
  '0xa9fea9fe',
  '2852039166',
  '0251.0376.0251.0376',
  '[::ffff:169.254.169.254]',
  '[::ffff:a9fe:a9fe]',
  '[::ffff:0:a9fe:a9fe]',
  '[::ffff:0:169.254.169.254]',
  '[64:ff9b::a9fe:a9fe]',
  '[2002:a9fe:a9fe::1]',
  '[2001:0:4136:e378:8000:63bf:5601:5601]',
  '[::a9fe:a9fe]',
  '[fd00:ec2::254]',
  '100.100.100.200'
]

const canaryUrl = (host: string) => `http://${host}:${canaryPort}/probe`
const fieldsOf = (body: { data?: Array<{ field: string; message: string }> }) => body.data ?? []
const name = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 8)}`

describe('tenant tools never reach loopback by default', () => {
  it.each(loopback)('an HTTP tool at %s is refused by the guard', async (host) => {
    const tool = await t.admin.http.post('/tools', { name: name('h'), kind: 'http', http: { method: 'GET', url: canaryUrl(host), timeoutMs: 2000 } })
    if (tool.status === 400) return void expect(fieldsOf(tool.body).map((entry) => entry.field)).toContain('http.url')
    expect(tool.status, JSON.stringify(tool.body)).toBe(201)
    const run = await t.admin.http.post(`/tools/${tool.body.id}/test`, { args: {} })
    expect(run.body).toMatchObject({ ok: false, error: expect.stringMatching(refusal) })
  })

  it.each(loopback)('an HTTP tool whose host comes from its arguments is refused for %s', async (host) => {
    const tool = await created(t.admin, '/tools', {
      name: name('a'),
      kind: 'http',
      inputSchema: { type: 'object', properties: { host: { type: 'string' } } },
      http: { method: 'GET', url: `http://{{ args.host }}:${canaryPort}/probe`, timeoutMs: 2000 }
    })
    // Bracketed IPv6 hosts come out percent-encoded, hence an invalid URL: refused before any connection either way.
    const run = await t.admin.http.post(`/tools/${tool.id}/test`, { args: { host } })
    expect(run.body).toMatchObject({ ok: false, error: expect.stringMatching(refusal) })
  })

  it.each(loopback)('an MCP tool and MCP discovery at %s are refused, naming the server URL', async (host) => {
    const tool = await t.admin.http.post('/tools', { name: name('m'), kind: 'mcp', mcp: { serverUrl: canaryUrl(host), toolName: 'x' } })
    expect(tool.status).toBe(400)
    expect(fieldsOf(tool.body)).toContainEqual({ field: 'mcp.serverUrl', message: expect.stringMatching(refusal) })
    const discovery = await t.admin.http.post('/mcp-discovery', { serverUrl: canaryUrl(host) })
    expect(discovery.status).toBe(400)
    expect(fieldsOf(discovery.body)).toContainEqual({ field: 'serverUrl', message: expect.stringMatching(refusal) })
  })

  it("the server's own API and /metrics are out of reach", async () => {
    const port = new URL(server.url).port
    for (const path of ['/metrics', '/health', '/api/v1/users']) {
      const tool = await created(t.admin, '/tools', { name: name('self'), kind: 'http', http: { method: 'GET', url: `http://127.0.0.1:${port}${path}`, timeoutMs: 2000 } })
      expect((await t.admin.http.post(`/tools/${tool.id}/test`, { args: {} })).body).toMatchObject({ ok: false, error: expect.stringMatching(/loopback address/) })
    }
  })

  it('never connected to the canary', () => {
    expect(canaryHits).toEqual([])
  })
})

describe('metadata is refused in every notation, for every outbound path', () => {
  it.each(metadata)('%s', async (host) => {
    const url = `http://${host}/latest/meta-data/`
    const provider = await t.admin.http.post('/llm-providers', { name: name('p'), kind: 'openai', baseUrl: url })
    expect(provider.status).toBe(400)
    expect(fieldsOf(provider.body)).toContainEqual({ field: 'baseUrl', message: expect.stringMatching(/metadata address/) })
    const mcpTool = await t.admin.http.post('/tools', { name: name('m'), kind: 'mcp', mcp: { serverUrl: url, toolName: 'x' } })
    expect(fieldsOf(mcpTool.body)).toContainEqual({ field: 'mcp.serverUrl', message: expect.stringMatching(/metadata address/) })
    const tool = await created(t.admin, '/tools', { name: name('h'), kind: 'http', http: { method: 'GET', url, timeoutMs: 2000 } })
    expect((await t.admin.http.post(`/tools/${tool.id}/test`, { args: {} })).body).toMatchObject({ ok: false, error: expect.stringMatching(/metadata address/) })
  })
})

describe("the operator's allow-list opens endpoints to LLM providers only", () => {
  it('a provider reaches the allow-listed local model server', async () => {
    const provider = await created(t.admin, '/llm-providers', { name: name('local '), kind: 'openai', baseUrl: localModel.url })
    expect((await t.admin.http.post(`/llm-providers/${provider.id}/test`, { prompt: 'hi' })).body).toMatchObject({ ok: true, text: 'local' })
  })

  it.each([
    ['another port of the same host', () => canaryUrl('127.0.0.1')],
    ['the same port under another name', () => localModel.url.replace('127.0.0.1', 'localhost')],
    ['the same port in another notation that names another host', () => localModel.url.replace('127.0.0.1', '[::1]')]
  ])('a provider at %s is still refused', async (_case, baseUrl) => {
    const provider = await t.admin.http.post('/llm-providers', { name: name('p'), kind: 'openai', baseUrl: baseUrl() })
    expect(provider.status).toBe(400)
    expect(fieldsOf(provider.body)).toContainEqual({ field: 'baseUrl', message: expect.stringMatching(/loopback address/) })
  })

  it('tools and MCP discovery do not get the allow-list', async () => {
    const before = localModel.requests.length
    const tool = await created(t.admin, '/tools', { name: name('h'), kind: 'http', http: { method: 'POST', url: `${localModel.url}/chat/completions`, body: {}, timeoutMs: 2000 } })
    expect((await t.admin.http.post(`/tools/${tool.id}/test`, { args: {} })).body).toMatchObject({ ok: false, error: expect.stringMatching(/loopback address/) })
    const mcpTool = await t.admin.http.post('/tools', { name: name('m'), kind: 'mcp', mcp: { serverUrl: `${localModel.url}/mcp`, toolName: 'x' } })
    expect(fieldsOf(mcpTool.body)).toContainEqual({ field: 'mcp.serverUrl', message: expect.stringMatching(/loopback address/) })
    const discovery = await t.admin.http.post('/mcp-discovery', { serverUrl: `${localModel.url}/mcp` })
    expect(fieldsOf(discovery.body)).toContainEqual({ field: 'serverUrl', message: expect.stringMatching(/loopback address/) })
    expect(localModel.requests.length).toBe(before)
  })

  it("the operator's own endpoint is reachable on loopback, with the operator's key", async () => {
    const { body } = await t.admin.http.get('/llm-providers?$limit=100')
    const seeded = (body.data as Array<{ id: string; name: string }>).find((provider) => provider.name === 'OpenAI (server default)')!
    expect((await t.admin.http.post(`/llm-providers/${seeded.id}/test`, { prompt: 'hi' })).body).toMatchObject({ ok: true, text: 'operator' })
    expect(operatorModel.requests.at(-1)?.headers.authorization).toBe(`Bearer ${operatorKey}`)
  })
})

describe('/metrics', () => {
  it('is not served on the API port without TROUPE_METRICS_TOKEN, to anyone', async () => {
    const asked: Array<Record<string, string>> = [{}, { authorization: `Bearer ${t.admin.accessToken}` }]
    for (const headers of asked) {
      const response = await rawRequest(server.url, '/metrics', { headers })
      expect(response.status).toBe(404)
      expect(response.text).toMatch(/TROUPE_METRICS_TOKEN|TROUPE_METRICS_PORT/)
      expect(response.text).not.toContain(t.id)
      expect(response.text).not.toMatch(/troupe_/)
    }
  })
})
