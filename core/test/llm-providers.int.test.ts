import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completionReply, errorReply, startFakeOpenAi, textStreamReply, type FakeOpenAi } from '@troupe/plugin-llm-openai/testing'
import type { NodeEvent } from '@troupe/sdk/plugin'
import type { TroupeClient } from '@troupe/sdk'
import { loadPrincipal } from '../src/auth/load-principal.js'
import { createLlmClient } from '../src/llm/llm-gateway.js'
import { httpClient } from './http.js'
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

  it('lists the loaded provider kinds with what a form needs, to every role, and nothing of the server\'s settings', async () => {
    const viewer = await tenant.addUser('viewer')
    const page = await viewer.http.get('/llm-provider-kinds')
    expect(page.status).toBe(200)
    const openai = page.body.data.find((kind: { kind: string }) => kind.kind === 'openai')
    expect(openai).toMatchObject({ displayName: 'OpenAI-compatible', usesNetwork: true, defaultModel: 'gpt-4o-mini', defaultEmbeddingModel: 'text-embedding-3-small', structuredOutput: 'native', plugin: 'llm-openai' })
    expect(openai.pricedModels).toContain('gpt-4o-mini')
    expect(openai.optionsSchema).toMatchObject({ type: 'object', properties: { organization: { type: 'string' } } })
    expect((await viewer.http.get('/llm-provider-kinds/scripted')).body).toMatchObject({ usesNetwork: false, structuredOutput: 'prompted', defaultEmbeddingModel: 'feature-hash-256' })
    expect((await viewer.http.get('/llm-provider-kinds/telepathy')).status).toBe(404)
    expect((await viewer.http.post('/llm-provider-kinds', { kind: 'x' })).status).toBe(405)
    expect((await httpClient(server.url).get('/llm-provider-kinds')).status).toBe(401)
    expect(JSON.stringify(page.body)).not.toMatch(/apiKey|OPENAI_API_KEY|operatorEndpoint/)
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

  it('fails over past a provider whose key is refused (401), naming the failure, never the key', async () => {
    const third = await signupTenant(server.url)
    await disableAll(third)
    await createProvider({ name: 'Refusing', kind: 'openai', baseUrl: refusing.url, apiKey: secretKey, priority: 1 }, third.admin.http)
    await createProvider({ name: 'Working', kind: 'openai', baseUrl: ok.url, priority: 2 }, third.admin.http)
    const events: NodeEvent[] = []
    const llm = await llmFor(third, events)
    expect(await llm.chat({ messages: [{ role: 'user', content: 'hi' }] })).toMatchObject({ text: 'Hello from the fake' })
    expect(events).toMatchObject([{ type: 'llm.failover', data: { providerName: 'Refusing', failure: 'auth', status: 401, nextProviderName: 'Working' } }])
    expect(JSON.stringify(events)).not.toContain(secretKey)
  })

  it('does not fail over on a conversation too long for the model (400) or a content filter, and says which', async () => {
    const fourth = await signupTenant(server.url)
    await disableAll(fourth)
    const tooLong = await startFakeOpenAi({ 'POST /chat/completions': errorReply(400, "This model's maximum context length is 8192 tokens.", 'invalid_request_error', 'context_length_exceeded') })
    const filtered = await startFakeOpenAi({ 'POST /chat/completions': errorReply(400, 'The response was filtered due to the prompt triggering content management policy.', 'invalid_request_error', 'content_filter') })
    try {
      const first = (await createProvider({ name: 'Small', kind: 'openai', baseUrl: tooLong.url, priority: 1 }, fourth.admin.http)).body
      await createProvider({ name: 'Working', kind: 'openai', baseUrl: ok.url, priority: 3 }, fourth.admin.http)
      const events: NodeEvent[] = []
      const llm = await llmFor(fourth, events)
      await expect(llm.chat({ messages: [{ role: 'user', content: 'a long story' }] })).rejects.toMatchObject({ code: 400, message: expect.stringContaining("does not fit the model's context (provider Small)") })
      await fourth.admin.http.patch(`/llm-providers/${first.id}`, { enabled: false })
      await createProvider({ name: 'Strict', kind: 'openai', baseUrl: filtered.url, priority: 2 }, fourth.admin.http)
      await expect(llm.chat({ messages: [{ role: 'user', content: 'something' }] })).rejects.toMatchObject({ code: 502, message: expect.stringContaining("Strict's content filter refused") })
      expect(events).toEqual([])
    } finally {
      await Promise.all([tooLong.close(), filtered.close()])
    }
  })

  it('rests a rate-limited provider for the tenant as long as its vendor asked: the next calls go elsewhere first', async () => {
    const fifth = await signupTenant(server.url)
    await disableAll(fifth)
    const limited = await startFakeOpenAi({ 'POST /chat/completions': errorReply(429, 'Rate limit reached', 'requests', 'rate_limit_exceeded', { 'retry-after': '30' }) })
    try {
      await createProvider({ name: 'Limited', kind: 'openai', baseUrl: limited.url, priority: 1 }, fifth.admin.http)
      await createProvider({ name: 'Working', kind: 'openai', baseUrl: ok.url, priority: 2 }, fifth.admin.http)
      const events: NodeEvent[] = []
      const llm = await llmFor(fifth, events)
      await llm.chat({ messages: [{ role: 'user', content: 'one' }] })
      expect(events).toMatchObject([{ data: { providerName: 'Limited', failure: 'rate_limited', retryAfterMs: 30_000, status: 429 } }])
      await llm.chat({ messages: [{ role: 'user', content: 'two' }] })
      await llm.chat({ messages: [{ role: 'user', content: 'three' }] })
      expect(limited.requests).toHaveLength(1)
      expect(events).toHaveLength(1)
    } finally {
      await limited.close()
    }
  })

  it('answers structured output: natively where the kind has a JSON-Schema mode, asked in words and corrected once elsewhere', async () => {
    const sixth = await signupTenant(server.url)
    await disableAll(sixth)
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
    const native = await startFakeOpenAi({ 'POST /chat/completions': completionReply({ content: '{"city":"Oslo"}', model: 'gpt-4o-mini', usage: { prompt_tokens: 5, completion_tokens: 4 } }) })
    try {
      const nativeProvider = (await createProvider({ name: 'Native', kind: 'openai', baseUrl: native.url, priority: 1 }, sixth.admin.http)).body
      const llm = await llmFor(sixth)
      const answer = await llm.chat({ messages: [{ role: 'user', content: 'Where?' }], responseFormat: { type: 'json_schema', name: 'place', schema } })
      expect(JSON.parse(answer.text)).toEqual({ city: 'Oslo' })
      expect(native.requests.at(-1)?.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'place', schema } })
      await sixth.admin.http.patch(`/llm-providers/${nativeProvider.id}`, { enabled: false })

      // The offline provider answers prose first, then the JSON once told what was wrong.
      const rules = [
        { match: 'does not match the required JSON Schema', reply: '{"city":"Bergen"}' },
        { match: 'Where', reply: 'It is Bergen.' }
      ]
      await createProvider({ name: 'Prompted', kind: 'scripted', rules, priority: 2 }, sixth.admin.http)
      const corrected = await llm.chat({ messages: [{ role: 'user', content: 'Where?' }], responseFormat: { type: 'json_schema', name: 'place', schema } })
      expect(JSON.parse(corrected.text)).toEqual({ city: 'Bergen' })
      await createProvider({ name: 'Stubborn', kind: 'scripted', rules: [{ match: '.', reply: '{"town":"x"}' }], priority: 1 }, sixth.admin.http)
      await expect(llm.chat({ messages: [{ role: 'user', content: 'Where?' }], responseFormat: { type: 'json_schema', name: 'place', schema } })).rejects.toMatchObject({
        code: 502,
        message: expect.stringContaining('does not match the response format place after one correction')
      })
    } finally {
      await native.close()
    }
  })

  it('embeds through the providers that can, recording tokens and cost like a chat', async () => {
    const seventh = await signupTenant(server.url)
    const llm = await llmFor(seventh)
    const offline = await llm.embed!({ texts: ['refunds within 30 days', 'office hours'] })
    expect(offline.vectors).toHaveLength(2)
    expect(offline.vectors[0]).toHaveLength(256)
    expect(offline).toMatchObject({ model: 'feature-hash-256', costUsd: 0 })
    const embeddings = await startFakeOpenAi({
      'POST /embeddings': (request) => ({
        json: { object: 'list', model: request.body.model, data: (request.body.input as string[]).map((_text, index) => ({ object: 'embedding', index, embedding: [0.1, 0.2, 0.3] })), usage: { prompt_tokens: 1_000_000, total_tokens: 1_000_000 } }
      })
    })
    try {
      // With a key: the key's scrubbing wraps every capability, embeddings too.
      await createProvider({ name: 'Vectors', kind: 'openai', baseUrl: embeddings.url, apiKey: secretKey, priority: 1 }, seventh.admin.http)
      const remote = await llm.embed!({ texts: ['a', 'b', 'c'] })
      expect(remote).toMatchObject({ vectors: [[0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], model: 'text-embedding-3-small', costUsd: 0.02 })
      expect(embeddings.requests.at(-1)?.body).toMatchObject({ model: 'text-embedding-3-small', input: ['a', 'b', 'c'] })
      expect(embeddings.requests.at(-1)?.headers.authorization).toBe(`Bearer ${secretKey}`)
      const usage = await seventh.admin.http.get('/usage?groupBy=model')
      expect(usage.body.data.find((row: { key: string }) => row.key === 'text-embedding-3-small')).toMatchObject({ calls: 1, promptTokens: 1_000_000, completionTokens: 0 })
    } finally {
      await embeddings.close()
    }
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
