import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completionReply, errorReply, startFakeOpenAi, textStreamReply, type FakeOpenAi } from '@troupe/plugin-llm-openai/testing'
import type { NodeEvent } from '@troupe/sdk/plugin'
import type { TroupeClient } from '@troupe/sdk'
import { loadPrincipal } from '../src/auth/load-principal.js'
import { createLlmClient } from '../src/llm/llm-gateway.js'
import { connectSocket, recordEvents, settle } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

const secretKey = 'sk-test-THIS-MUST-NEVER-LEAK-1234567890'
const logLines: string[] = []
let server: TestServer
let tenant: TestTenant
let ok: FakeOpenAi
let broken: FakeOpenAi
let hanging: FakeOpenAi
let refusing: FakeOpenAi
const sockets: TroupeClient[] = []

beforeAll(async () => {
  ;[ok, broken, hanging, refusing] = await Promise.all([
    startFakeOpenAi({
      'POST /chat/completions': (request) =>
        request.body.stream
          ? textStreamReply(['Hello', ' from', ' the', ' fake'], { prompt_tokens: 10, completion_tokens: 4 })
          : completionReply({ content: 'Hello from the fake', model: 'gpt-4o-mini', usage: { prompt_tokens: 1200, completion_tokens: 300 } })
    }),
    startFakeOpenAi({ 'POST /chat/completions': errorReply(500, 'upstream exploded') }),
    startFakeOpenAi({ 'POST /chat/completions': { hang: true } }),
    startFakeOpenAi({ 'POST /chat/completions': errorReply(401, 'Incorrect API key provided') })
  ])
  // The stand-in endpoints listen on 127.0.0.1, which providers may not reach by default.
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true' }, { logLines, redis: true })
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
  await Promise.all([ok, broken, hanging, refusing].map((fake) => fake?.close()))
})

const createProvider = (body: Record<string, unknown>, http = tenant.admin.http) => http.post('/llm-providers', body)
const llmFor = async (t: TestTenant, events: NodeEvent[] = []) => {
  const { principal } = await loadPrincipal(server.app.get('models'), { userId: t.admin.id })
  return createLlmClient(server.app, { principal, emit: (event) => events.push(event) })
}
const disableAll = async (t: TestTenant) => {
  const page = await t.admin.http.get('/llm-providers?$limit=100')
  for (const provider of page.body.data) await t.admin.http.patch(`/llm-providers/${provider.id}`, { enabled: false })
}

describe('llm-providers', () => {
  it('gives a new tenant the offline provider', async () => {
    const page = await tenant.admin.http.get('/llm-providers')
    expect(page.body.data).toMatchObject([{ name: 'Offline (scripted)', kind: 'scripted', hasApiKey: false }])
    const llm = await llmFor(tenant)
    const answer = await llm.chat({ messages: [{ role: 'user', content: 'ping' }] })
    expect(answer.text).toBe('echo: ping')
  })

  it('never shows the API key: not in REST, $select, Socket.IO events or logs; the column is ciphertext', async () => {
    const socket = await connectSocket(server.url, tenant.admin.accessToken)
    sockets.push(socket)
    const events = recordEvents(socket, 'llm-providers')
    const created = await createProvider({ name: 'Fake OpenAI', kind: 'openai', baseUrl: ok.url, model: 'gpt-4o-mini', apiKey: secretKey, priority: 5 })
    expect(created.status).toBe(201)
    expect(created.body.hasApiKey).toBe(true)
    const patched = await tenant.admin.http.patch(`/llm-providers/${created.body.id}`, { name: 'Fake OpenAI (renamed)' })
    const got = await tenant.admin.http.get(`/llm-providers/${created.body.id}`)
    const found = await tenant.admin.http.get('/llm-providers')
    const selected = await tenant.admin.http.get('/llm-providers?$select[]=apiKeyCiphertext')
    expect(selected.status, JSON.stringify(logLines.filter((line) => line.includes('"level":50')))).toBe(400)
    const test = await tenant.admin.http.post(`/llm-providers/${created.body.id}/test`, {})
    expect(test.body).toMatchObject({ ok: true, text: 'Hello from the fake' })
    await settle()
    expect(ok.requests.at(-1)?.headers.authorization).toBe(`Bearer ${secretKey}`)

    const everything = JSON.stringify([created.body, patched.body, got.body, found.body, test.body, events, logLines])
    expect(events.map((event) => event.event)).toEqual(['created', 'patched'])
    expect(everything).not.toContain(secretKey)
    expect(everything).not.toMatch(/apiKeyCiphertext|"apiKey"/)

    const row = await server.app.get('knex')('llmProviders').withSchema(tenantSchema()).where({ id: created.body.id }).first()
    expect(row.apiKeyCiphertext).toMatch(/^v1:/)
    expect(row.apiKeyCiphertext).not.toContain(secretKey)
  })

  it('fails closed when the stored ciphertext was tampered with', async () => {
    const created = await createProvider({ name: 'Tampered', kind: 'openai', baseUrl: ok.url, apiKey: secretKey })
    const knex = server.app.get('knex')
    const row = await knex('llmProviders').withSchema(tenantSchema()).where({ id: created.body.id }).first()
    const tampered = row.apiKeyCiphertext.slice(0, -2) + (row.apiKeyCiphertext.endsWith('A') ? 'BB' : 'AA')
    await knex('llmProviders').withSchema(tenantSchema()).where({ id: created.body.id }).update({ apiKeyCiphertext: tampered })
    const before = ok.requests.length
    const test = await tenant.admin.http.post(`/llm-providers/${created.body.id}/test`, {})
    expect(test.body).toMatchObject({ ok: false, error: expect.stringMatching(/could not be decrypted/) })
    expect(ok.requests.length).toBe(before)
    await tenant.admin.http.delete(`/llm-providers/${created.body.id}`)
  })

  it('lets only admins manage providers', async () => {
    const member = await tenant.addUser('member')
    const viewer = await tenant.addUser('viewer')
    expect((await createProvider({ name: 'm', kind: 'scripted' }, member.http)).status).toBe(403)
    expect((await member.http.get('/llm-providers')).status).toBe(200)
    const first = (await viewer.http.get('/llm-providers')).body.data[0]
    expect((await viewer.http.post(`/llm-providers/${first.id}/test`, {})).status).toBe(403)
  })

  it.each([
    ['an unknown kind', { name: 'x', kind: 'telepathy' }, /kind must be one of the loaded provider kinds: llm-scripted|kind must be one of/],
    ['invalid scripted rules', { name: 'x', kind: 'scripted', rules: [{ match: '(' }] }, /rules/],
    ['a baseUrl on a kind that does not use the network', { name: 'x', kind: 'scripted', baseUrl: ok?.url ?? 'http://127.0.0.1/v1' }, /baseUrl is not used by kind scripted/],
    ['the metadata address', { name: 'x', kind: 'openai', baseUrl: 'http://169.254.169.254/v1' }, /baseUrl points at 169.254.169.254 is a metadata address/],
    ['the IPv6 metadata address', { name: 'x', kind: 'openai', baseUrl: 'http://[fd00:ec2::254]/v1' }, /baseUrl points at .* metadata address/],
    ['a link-local address', { name: 'x', kind: 'openai', baseUrl: 'http://169.254.3.4/v1' }, /link-local/],
    ['a file: URL', { name: 'x', kind: 'openai', baseUrl: 'file:///etc/passwd' }, /baseUrl must use http or https, not file/],
    ['a private address', { name: 'x', kind: 'openai', baseUrl: 'http://10.1.2.3/v1' }, /baseUrl points at 10.1.2.3 is a private address/]
  ])('refuses %s with 400 naming the field', async (_case, body, message) => {
    const response = await createProvider(body)
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(message)
  })

  it('accepts loopback (local model servers) by default', async () => {
    const created = await createProvider({ name: 'Local', kind: 'openai', baseUrl: 'http://0x7f000001:11434/v1' })
    expect(created.status).toBe(201)
    await tenant.admin.http.delete(`/llm-providers/${created.body.id}`)
  })
})

describe('failover, usage and cost', () => {
  let other: TestTenant

  beforeAll(async () => {
    other = await signupTenant(server.url)
    await disableAll(other)
    await createProvider({ name: 'Broken', kind: 'openai', baseUrl: broken.url, apiKey: secretKey, priority: 1 }, other.admin.http)
    await createProvider({ name: 'Hanging', kind: 'openai', baseUrl: hanging.url, timeoutMs: 300, priority: 2 }, other.admin.http)
    await createProvider({ name: 'Working', kind: 'openai', baseUrl: ok.url, priority: 3 }, other.admin.http)
  })

  it('moves past a 500 and a timeout to the next provider, saying so in events without the key', async () => {
    const events: NodeEvent[] = []
    const llm = await llmFor(other, events)
    const answer = await llm.chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
    expect(answer.text).toBe('Hello from the fake')
    expect(events.map((event) => [event.type, event.data.providerName, event.data.nextProviderName])).toEqual([
      ['llm.failover', 'Broken', 'Hanging'],
      ['llm.failover', 'Hanging', 'Working']
    ])
    expect(events[0].data.status).toBe(500)
    expect(JSON.stringify(events)).not.toContain(secretKey)
  })

  it('streams tokens from the provider that answers', async () => {
    const tokens: string[] = []
    const llm = await llmFor(other)
    const answer = await llm.chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream' }] }, { onToken: (token) => tokens.push(token) })
    expect(tokens.join('')).toBe('Hello from the fake')
    expect(answer.text).toBe('Hello from the fake')
  })

  it('does not fail over on a request the provider refuses (401)', async () => {
    const third = await signupTenant(server.url)
    await disableAll(third)
    await createProvider({ name: 'Refusing', kind: 'openai', baseUrl: refusing.url, apiKey: secretKey, priority: 1 }, third.admin.http)
    await createProvider({ name: 'Working', kind: 'openai', baseUrl: ok.url, priority: 2 }, third.admin.http)
    const events: NodeEvent[] = []
    const llm = await llmFor(third, events)
    await expect(llm.chat({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ code: 502, message: expect.not.stringContaining(secretKey) })
    expect(events).toEqual([])
  })

  it('records tokens and cost per call and totals them per tenant', async () => {
    const usage = await other.admin.http.get('/usage?groupBy=provider')
    expect(usage.status).toBe(200)
    // The non-streaming answer reports 1200 + 300 tokens of gpt-4o-mini: $0.00036; the streamed one
    // names a model without a price, so it costs nothing.
    const working = (await other.admin.http.get('/llm-providers?name=Working')).body.data[0]
    const row = usage.body.data.find((entry: { key: string }) => entry.key === working.id)
    expect(row).toMatchObject({ calls: 2, promptTokens: 1210, completionTokens: 304 })
    expect(row.costUsd).toBeCloseTo(0.00036, 9)
    expect(usage.body.total.calls).toBe(2)
    const byModel = await other.admin.http.get('/usage?groupBy=model')
    expect(byModel.body.data.map((entry: { key: string }) => entry.key)).toContain('gpt-4o-mini')
    const mine = await tenant.admin.http.get('/usage')
    expect(mine.body.total.calls).not.toBe(usage.body.total.calls + 100)
    expect((await other.admin.http.get('/usage?groupBy=color')).status).toBe(400)
  })
})

describe('response cache', () => {
  it('answers an identical request from the cache, never across tenants', async () => {
    const [a, b] = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
    for (const t of [a, b]) {
      await disableAll(t)
      await createProvider({ name: 'Cached', kind: 'openai', baseUrl: ok.url, cache: true }, t.admin.http)
    }
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: `cache me ${Date.now()}` }] }
    const before = ok.requests.length
    const first = await (await llmFor(a)).chat(request)
    const second = await (await llmFor(a)).chat(request)
    expect([first.cached, second.cached]).toEqual([false, true])
    expect(second.text).toBe(first.text)
    expect(ok.requests.length).toBe(before + 1)
    const otherTenant = await (await llmFor(b)).chat(request)
    expect(otherTenant.cached).toBe(false)
    expect(ok.requests.length).toBe(before + 2)
  })
})

function tenantSchema() {
  return `tenant_${tenant.id.replace(/-/g, '')}`
}
