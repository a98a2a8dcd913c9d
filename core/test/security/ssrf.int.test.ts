import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completionReply, startFakeOpenAi, type FakeOpenAi } from '@troupe/plugin-llm-openai/testing'
import { startExternalMcpServer, type ExternalMcpServer } from '../external-mcp-server.js'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * The SSRF corpus against every outbound path: LLM provider base URLs, HTTP tools (literal URLs,
 * hosts filled from arguments, redirects), MCP-client tools and MCP discovery. A canary server
 * on 127.0.0.1 proves that refused loopback targets are never connected to.
 */

let strict: TestServer
let relaxed: TestServer
let t: TestTenant
let r: TestTenant
let canary: Server
let canaryPort: number
const canaryHits: string[] = []
let redirector: Server
let redirectorUrl: string

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

beforeAll(async () => {
  canary = createServer((request, response) => {
    canaryHits.push(request.url ?? '')
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"reached":"canary"}')
  })
  canaryPort = await listen(canary)
  // Answers every request with a redirect to `?to=`, for every method and path (`/v1/chat/completions`, `/mcp`...).
  redirector = createServer((request, response) => {
    const to = new URL(request.url ?? '/', 'http://localhost').searchParams.get('to') ?? decodeURIComponent((request.url ?? '').split('/to/')[1] ?? '')
    request.resume()
    response.writeHead(307, { location: to }).end()
  })
  redirectorUrl = `http://127.0.0.1:${await listen(redirector)}`
  ;[strict, relaxed] = await Promise.all([startTestServer({ TROUPE_ALLOW_LOOPBACK: 'false' }), startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true' })])
  ;[t, r] = await Promise.all([signupTenant(strict.url, 'Strict'), signupTenant(relaxed.url, 'Relaxed')])
})
afterAll(async () => {
  await Promise.all([strict?.close(), relaxed?.close()])
  for (const server of [canary, redirector]) {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
  }
})

/** What the guard says when it refuses; a plain connection error would mean it let the call through. */
const refusal = /outbound calls may not reach|must use http or https|must not carry credentials|Refusing \w+: URL|does not resolve|is not a valid URL/

/** Hosts (as written in a URL) that must never be reached with loopback and private networks off. */
const hosts: Array<[string, string]> = [
  ['the cloud metadata address', '169.254.169.254'],
  ['metadata in hex', '0xa9fea9fe'],
  ['metadata as one decimal number', '2852039166'],
  ['metadata in octal', '0251.0376.0251.0376'],
  ['metadata with a trailing dot', '169.254.169.254.'],
  ['metadata in full-width digits', '①⑥⑨.②⑤④.①⑥⑨.②⑤④'],
  ['metadata as IPv4-mapped IPv6', '[::ffff:169.254.169.254]'],
  ['metadata as IPv4-mapped IPv6 in hex', '[::ffff:a9fe:a9fe]'],
  ['metadata behind a NAT64 prefix', '[64:ff9b::a9fe:a9fe]'],
  ['the AWS IPv6 metadata address', '[fd00:ec2::254]'],
  ['the Alibaba metadata address', '100.100.100.200'],
  ['a link-local address', '169.254.10.10'],
  ['an IPv6 link-local address', '[fe80::1]'],
  ['10/8', '10.0.0.1'],
  ['172.16/12', '172.16.5.4'],
  ['192.168/16', '192.168.1.1'],
  ['carrier-grade NAT', '100.64.0.1'],
  ['an IPv6 unique-local address', '[fd12:3456::1]'],
  ['the unspecified address (which connects to this host)', 'CANARY:0.0.0.0'],
  ['the IPv6 unspecified address', 'CANARY:[::]'],
  ['0', 'CANARY:0'],
  ['multicast', '224.0.0.1'],
  ['broadcast', '255.255.255.255'],
  ['127.0.0.1 (loopback off)', 'CANARY:127.0.0.1'],
  ['127.1', 'CANARY:127.1'],
  ['0x7f000001', 'CANARY:0x7f000001'],
  ['2130706433', 'CANARY:2130706433'],
  ['0x7f.1', 'CANARY:0x7f.1'],
  ['[::1]', 'CANARY:[::1]'],
  ['[::ffff:127.0.0.1]', 'CANARY:[::ffff:127.0.0.1]'],
  ['[::ffff:7f00:1]', 'CANARY:[::ffff:7f00:1]'],
  ['localhost', 'CANARY:localhost'],
  ['LOCALHOST', 'CANARY:LOCALHOST']
]

const urlOf = (host: string) => (host.startsWith('CANARY:') ? `http://${host.slice(7)}:${canaryPort}/probe` : `http://${host}/latest/meta-data/`)

/** Whole URLs: other schemes and credentials. */
const urls: Array<[string, string]> = [
  ['a file: URL', 'file:///etc/passwd'],
  ['a gopher: URL', `gopher://127.0.0.1:${6379}/_INFO`],
  ['a dict: URL', 'dict://127.0.0.1:11211/stats'],
  ['an ftp: URL', 'ftp://10.0.0.1/'],
  ['a data: URL', 'data:text/plain,hello'],
  ['a ws: URL', 'ws://169.254.169.254/'],
  ['credentials before the metadata host', 'http://example.com@169.254.169.254/'],
  ['a fragment hiding the metadata host', 'http://169.254.169.254#@example.com/'],
  ['credentials in the URL', `http://user:hunter2@127.0.0.1:${6379}/`],
  ['a scheme in capitals', 'HTTP://169.254.169.254/']
]

const everything: Array<[string, () => string]> = [...hosts.map(([name, host]): [string, () => string] => [name, () => urlOf(host)]), ...urls.map(([name, url]): [string, () => string] => [name, () => url])]

const fieldsOf = (body: { data?: Array<{ field: string; message: string }> }) => body.data ?? []

describe('with loopback and private networks off', () => {
  it.each(everything)('an LLM provider base URL at %s is refused at save, naming baseUrl', async (_case, url) => {
    const response = await t.admin.http.post('/llm-providers', { name: `p ${Math.random()}`, kind: 'openai', baseUrl: url() })
    expect(response.status, JSON.stringify(response.body)).toBe(400)
    expect(fieldsOf(response.body)).toContainEqual({ field: 'baseUrl', message: expect.stringMatching(refusal) })
  })

  it.each(everything)('an MCP tool and MCP discovery at %s are refused, naming the server URL', async (_case, url) => {
    const tool = await t.admin.http.post('/tools', { name: `m${Math.random().toString(36).slice(2, 8)}`, kind: 'mcp', mcp: { serverUrl: url(), toolName: 'x' } })
    expect(tool.status, JSON.stringify(tool.body)).toBe(400)
    expect(fieldsOf(tool.body)).toContainEqual({ field: 'mcp.serverUrl', message: expect.stringMatching(refusal) })
    const discovery = await t.admin.http.post('/mcp-discovery', { serverUrl: url() })
    expect(discovery.status).toBe(400)
    expect(fieldsOf(discovery.body)).toContainEqual({ field: 'serverUrl', message: expect.stringMatching(refusal) })
  })

  it.each(everything)('an HTTP tool at %s is refused at save or when it runs, by the guard', async (_case, url) => {
    const tool = await t.admin.http.post('/tools', { name: `h${Math.random().toString(36).slice(2, 8)}`, kind: 'http', http: { method: 'GET', url: url(), timeoutMs: 2000 } })
    if (tool.status === 400) {
      expect(fieldsOf(tool.body).map((entry) => entry.field)).toContain('http.url')
      return
    }
    expect(tool.status).toBe(201)
    const run = await t.admin.http.post(`/tools/${tool.body.id}/test`, { args: {} })
    expect(run.body).toMatchObject({ ok: false, error: expect.stringMatching(refusal) })
  })

  it.each(hosts)('an HTTP tool whose host comes from its arguments is refused for %s', async (_case, host) => {
    const tool = await created(t.admin, '/tools', {
      name: `a${Math.random().toString(36).slice(2, 8)}`,
      kind: 'http',
      inputSchema: { type: 'object', properties: { host: { type: 'string' } } },
      http: { method: 'GET', url: 'http://{{ args.host }}/latest/meta-data/', timeoutMs: 2000 }
    })
    const target = host.startsWith('CANARY:') ? `${host.slice(7)}:${canaryPort}` : host
    const run = await t.admin.http.post(`/tools/${tool.id}/test`, { args: { host: target } })
    expect(run.status).toBe(201)
    // Refused by the guard (or as an invalid URL once encoded), never a timeout of an attempted connection.
    expect(run.body).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`${refusal.source}|Invalid URL`)) })
  })

  it('a tool.call node in a flow goes through the same guard', async () => {
    const tool = await created(t.admin, '/tools', { name: 'flow-ssrf', kind: 'http', http: { method: 'GET', url: 'http://0xa9fea9fe/latest/meta-data/', timeoutMs: 2000 } })
    const flow = await created(t.admin, '/flows', flowBody('ssrf', [node('in', 'trigger.manual'), node('call', 'tool.call', { toolId: tool.id, args: {} })], [['in', 'call']]))
    const done = await waitForExecution(t.admin.http.get, (await created(t.admin, '/executions', { flowId: flow.id, input: {} })).id)
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(/169\.254\.169\.254 is a metadata address/)
  })

  it('patching a provider onto a forbidden base URL is refused and stores nothing', async () => {
    const provider = await created(t.admin, '/llm-providers', { name: 'public', kind: 'openai', baseUrl: 'https://93.184.216.34/v1' })
    const patched = await t.admin.http.patch(`/llm-providers/${provider.id}`, { baseUrl: 'http://[::ffff:a9fe:a9fe]/v1' })
    expect(patched.status).toBe(400)
    expect((await t.admin.http.get(`/llm-providers/${provider.id}`)).body.baseUrl).toBe('https://93.184.216.34/v1')
  })

  it.each([
    ['IPv4-compatible IPv6', 'http://[::169.254.169.254]/latest/meta-data/'],
    ['IPv4-compatible IPv6 of loopback', `http://[::127.0.0.1]:${6379}/`],
    ['6to4', 'http://[2002:a9fe:a9fe::1]/latest/meta-data/']
  ])('%s of a forbidden address is refused', async (_case, url) => {
    const provider = await t.admin.http.post('/llm-providers', { name: `p ${Math.random()}`, kind: 'openai', baseUrl: url })
    expect(provider.status).toBe(400)
  })

  it('an HTTP tool URL with credentials is refused at save, like provider and MCP URLs', async () => {
    const tool = await t.admin.http.post('/tools', { name: 'creds', kind: 'http', http: { method: 'GET', url: 'https://user:hunter2@api.example.com/' } })
    expect(tool.status).toBe(400)
    expect(JSON.stringify(tool.body)).not.toContain('hunter2')
  })

  it('never connected to the canary on 127.0.0.1', () => {
    expect(canaryHits).toEqual([])
  })
})

describe('redirects (loopback allowed, so the first hop reaches a local redirector)', () => {
  let landing: Server
  let landingUrl: string
  let provider: FakeOpenAi
  let mcp: ExternalMcpServer
  beforeAll(async () => {
    landing = createServer((request, response) => {
      request.resume()
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"landed":true}')
    })
    landingUrl = `http://127.0.0.1:${await listen(landing)}/landed`
    provider = await startFakeOpenAi({ 'POST /chat/completions': completionReply({ content: 'followed' }) })
    mcp = await startExternalMcpServer('mcp-key')
  })
  afterAll(async () => {
    landing?.closeAllConnections()
    await new Promise((resolve) => landing?.close(resolve))
    await provider?.close()
    await mcp?.close()
  })

  // 0.0.0.0 connects to this very host: with the canary listening on 127.0.0.1, a followed redirect would hit it.
  const targets: Array<[string, () => string]> = [
    ['the unspecified address (reaching this host)', () => `http://0.0.0.0:${canaryPort}/redirected`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['metadata in hex', () => 'http://0xa9fea9fe/latest/meta-data/'],
    ['metadata as IPv4-mapped IPv6', () => 'http://[::ffff:a9fe:a9fe]/latest/meta-data/'],
    ['a private address', () => 'http://10.0.0.1/admin'],
    ['a file: URL', () => 'file:///etc/passwd'],
    ['a gopher: URL', () => 'gopher://127.0.0.1:6379/_INFO']
  ]
  const via = (to: string) => `${redirectorUrl}/hop?to=${encodeURIComponent(to)}`
  const guardSaid = /may not reach|Refusing|http or https/

  it('follows a redirect to an allowed place on every path (the control case)', async () => {
    const tool = await created(r.admin, '/tools', { name: 'followed', kind: 'http', http: { method: 'GET', url: via(landingUrl) } })
    expect((await r.admin.http.post(`/tools/${tool.id}/test`, { args: {} })).body).toMatchObject({ ok: true, result: { body: { landed: true } } })
    const llm = await created(r.admin, '/llm-providers', { name: 'followed', kind: 'openai', baseUrl: `${redirectorUrl}/to/${encodeURIComponent(provider.url)}` })
    expect((await r.admin.http.post(`/llm-providers/${llm.id}/test`, { prompt: 'hi' })).body).toMatchObject({ ok: true, text: 'followed' })
    // Followed too, but the headers given for the redirector's origin stay there (secret-custody.int.test.ts).
    const seenBefore = mcp.seenKeys.length
    const discovery = await r.admin.http.post('/mcp-discovery', { serverUrl: via(`${mcp.url}/mcp`), headers: { 'x-api-key': 'mcp-key' } })
    expect(discovery.status, JSON.stringify(discovery.body)).toBe(400)
    expect(mcp.seenKeys.slice(seenBefore)).toEqual([''])
  })

  it.each(targets)('an HTTP tool redirected to %s is refused by the guard', async (_case, to) => {
    const tool = await created(r.admin, '/tools', { name: `r${Math.random().toString(36).slice(2, 8)}`, kind: 'http', http: { method: 'POST', url: via(to()), body: { x: 1 }, timeoutMs: 3000 } })
    const run = await r.admin.http.post(`/tools/${tool.id}/test`, { args: {} })
    expect(run.body).toMatchObject({ ok: false, error: expect.stringMatching(guardSaid) })
  })

  it.each(targets)('an MCP tool and MCP discovery redirected to %s are refused by the guard', async (_case, to) => {
    const tool = await created(r.admin, '/tools', { name: `m${Math.random().toString(36).slice(2, 8)}`, kind: 'mcp', mcp: { serverUrl: via(to()), toolName: 'add', timeoutMs: 3000 } })
    const run = await r.admin.http.post(`/tools/${tool.id}/test`, { args: {} })
    expect(run.body).toMatchObject({ ok: false, error: expect.stringMatching(guardSaid) })
    const discovery = await r.admin.http.post('/mcp-discovery', { serverUrl: via(to()) })
    expect(discovery.status).toBe(400)
    expect(discovery.body.message).toMatch(guardSaid)
  })

  it.each(targets)('an LLM provider whose endpoint redirects to %s fails its test run without the key', async (_case, to) => {
    const llm = await created(r.admin, '/llm-providers', { name: `r ${Math.random()}`, kind: 'openai', baseUrl: `${redirectorUrl}/to/${encodeURIComponent(to())}`, apiKey: 'sk-redirected-0123456789', timeoutMs: 3000 })
    const run = await r.admin.http.post(`/llm-providers/${llm.id}/test`, { prompt: 'hi' })
    expect(run.body.ok).toBe(false)
    expect(run.body.error).not.toContain('sk-redirected-0123456789')
  })

  it('a chain of more than five redirects is cut off', async () => {
    let url = landingUrl
    for (let hop = 0; hop < 6; hop++) url = via(url)
    const tool = await created(r.admin, '/tools', { name: 'chain', kind: 'http', http: { method: 'GET', url, timeoutMs: 3000 } })
    const run = await r.admin.http.post(`/tools/${tool.id}/test`, { args: {} })
    expect(run.body).toMatchObject({ ok: false, error: expect.stringMatching(/Too many redirects/) })
  })

  it('never connected to the canary on 127.0.0.1 through a redirect either', () => {
    expect(canaryHits).toEqual([])
  })
})
