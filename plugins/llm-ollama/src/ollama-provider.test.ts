import type { ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  contentLine,
  doneLine,
  embedReply,
  startFakeOllama,
  textReply,
  toolCallReply,
  toolCallsLine,
  type FakeHandler,
  type FakeOllama
} from '../test/fake-ollama-server.js'
import plugin, { ollamaProviderKind } from './index.js'

const request: ChatRequest = { model: 'llama3.2', messages: [{ role: 'user', content: 'Say hello' }] }
const weatherTool = { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }

let server: FakeOllama | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(routes: Record<string, FakeHandler>, config: TestProviderOptions = {}) {
  server = await startFakeOllama(routes)
  return { server, provider: createTestProvider(ollamaProviderKind, { baseUrl: server.url, ...config }) }
}

describe('ollama provider', () => {
  it('is contributed by the plugin, for API 1.8, with native structured output and embeddings', () => {
    expect(plugin).toMatchObject({ id: 'llm-ollama', apiVersion: '^2.0.0' })
    expect(plugin.contributes?.llmProviders).toEqual([ollamaProviderKind])
    expect(ollamaProviderKind).toMatchObject({
      kind: 'ollama',
      usesNetwork: true,
      defaultModel: 'llama3.2',
      defaultEmbeddingModel: 'nomic-embed-text',
      structuredOutput: 'native'
    })
  })

  it('prices its default models at 0, dated', () => {
    const { prices, defaultModel, defaultEmbeddingModel } = ollamaProviderKind
    expect(prices?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(prices?.models[defaultModel!]).toEqual({ inputPerMTok: 0, outputPerMTok: 0 })
    expect(prices?.models[defaultEmbeddingModel!]).toEqual({ inputPerMTok: 0, outputPerMTok: 0 })
  })

  it('answers with text, usage from the done line and the model that answered, streaming even without onToken', async () => {
    const { server, provider } = await providerFor({ 'POST /api/chat': textReply('Hello there!', { promptEvalCount: 11 }) })
    const result = await provider.chat(request)
    expect(result).toEqual({ text: 'Hello there!', toolCalls: [], usage: { promptTokens: 11, completionTokens: 4 }, model: 'llama3.2', finishReason: 'stop' })
    expect(server.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /api/chat'])
    expect(server.requests[0]!.body).toEqual({ model: 'llama3.2', messages: [{ role: 'user', content: 'Say hello' }], options: {}, stream: true })
  })

  it('sends temperature and maxTokens as model options, with the record’s num_ctx and keep_alive', async () => {
    const { server, provider } = await providerFor({ 'POST /api/chat': textReply('ok') }, { options: { keepAlive: '30m', numCtx: 8192, temperature: 0.3 } })
    await provider.chat({ ...request, temperature: 0.1, maxTokens: 64 })
    await provider.chat(request)
    expect(server.requests[0]!.body).toMatchObject({ options: { temperature: 0.1, num_predict: 64, num_ctx: 8192 }, keep_alive: '30m' })
    expect(server.requests[1]!.body).toMatchObject({ options: { temperature: 0.3, num_ctx: 8192 }, keep_alive: '30m' })
  })

  it('sends keep_alive 0 (unload at once) rather than dropping it', async () => {
    const { server, provider } = await providerFor({ 'POST /api/chat': textReply('ok') }, { options: { keepAlive: 0 } })
    await provider.chat(request)
    expect(server.requests[0]!.body.keep_alive).toBe(0)
  })

  it('sends the key as a bearer token and the extra headers', async () => {
    const { server, provider } = await providerFor({ 'POST /api/chat': textReply('ok') }, { apiKey: 'olp-proxy-key', options: { headers: { 'X-Route': 'gpu-2' } } })
    await provider.chat(request)
    expect(server.requests[0]!.headers).toMatchObject({ authorization: 'Bearer olp-proxy-key', 'x-route': 'gpu-2' })
  })

  it('sends no Authorization without a key', async () => {
    const { server, provider } = await providerFor({ 'POST /api/chat': textReply('ok') })
    await provider.chat(request)
    expect(server.requests[0]!.headers.authorization).toBeUndefined()
  })

  it("never sends the host's OLLAMA_API_KEY, which the client adds to calls to ollama.com", async () => {
    vi.stubEnv('OLLAMA_API_KEY', 'operator-ollama-key')
    try {
      const seen: Request[] = []
      const hostFetch: typeof fetch = async (input, init) => {
        seen.push(new Request(input, init))
        const lines = [contentLine('Hi'), doneLine({ evalCount: 1 })].map((line) => JSON.stringify({ model: 'gpt-oss:120b', ...line }))
        return new Response(`${lines.join('\n')}\n`, { headers: { 'content-type': 'application/x-ndjson' } })
      }
      const provider = createTestProvider(ollamaProviderKind, { baseUrl: 'https://ollama.com', fetch: hostFetch })
      expect((await provider.chat({ ...request, model: 'gpt-oss:120b' })).text).toBe('Hi')
      expect(seen.map((sent) => sent.url)).toEqual(['https://ollama.com/api/chat'])
      expect(seen[0]!.headers.get('authorization')).toBeNull()
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it("makes every call through the host's fetch", async () => {
    server = await startFakeOllama({ 'POST /api/chat': textReply('ok'), 'POST /api/embed': (sent) => embedReply(sent.body) })
    const hostFetch = vi.fn<typeof fetch>((input, init) => fetch(input, init))
    const provider = createTestProvider(ollamaProviderKind, { baseUrl: server.url, fetch: hostFetch })
    await provider.chat(request)
    await chatStreaming(provider, request)
    await provider.embed!({ model: 'nomic-embed-text', texts: ['a'] })
    expect(hostFetch).toHaveBeenCalledTimes(3)
    expect(server.requests).toHaveLength(3)
  })

  it('uses http://127.0.0.1:11434 when the record names no base URL', async () => {
    const hostFetch = vi.fn<typeof fetch>(async () => new Response(`${JSON.stringify({ model: 'llama3.2', ...doneLine() })}\n`))
    await createTestProvider(ollamaProviderKind, { fetch: hostFetch }).chat(request)
    expect(String(hostFetch.mock.calls[0]![0])).toBe('http://127.0.0.1:11434/api/chat')
  })

  it('streams content pieces to onToken in order', async () => {
    const { provider } = await providerFor({ 'POST /api/chat': textReply('Hello, world!', { promptEvalCount: 9 }) })
    const result = await chatStreaming(provider, request)
    expect(result.tokens).toEqual(['Hello', ',', ' world', '!'])
    expect(result).toMatchObject({ text: 'Hello, world!', usage: { promptTokens: 9, completionTokens: 5 }, finishReason: 'stop' })
  })

  it('reports length when the num_predict cap cut the answer', async () => {
    const { provider } = await providerFor({ 'POST /api/chat': textReply('Once upon a', { doneReason: 'length' }) })
    expect((await provider.chat({ ...request, maxTokens: 3 })).finishReason).toBe('length')
  })

  it('sends tools and returns parallel tool calls with their ids', async () => {
    const { server, provider } = await providerFor({
      'POST /api/chat': toolCallReply([
        { id: 'call_p4r1s0x1', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_0sl0x2y3', name: 'get_weather', arguments: { city: 'Oslo' } }
      ])
    })
    const result = await provider.chat({ ...request, tools: [weatherTool] })
    expect(result).toMatchObject({
      text: '',
      toolCalls: [
        { id: 'call_p4r1s0x1', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_0sl0x2y3', name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      finishReason: 'tool_calls'
    })
    expect(server.requests[0]!.body.tools).toEqual([{ type: 'function', function: weatherTool }])
  })

  it('reads tool calls spread over lines and names those an older server sent without an id', async () => {
    const { provider } = await providerFor({
      'POST /api/chat': {
        lines: [
          toolCallsLine([{ id: null, name: 'get_weather', arguments: { city: 'Paris' } }]),
          toolCallsLine([{ id: null, name: 'get_weather', arguments: { city: 'Oslo' } }]),
          doneLine({ evalCount: 30 })
        ]
      }
    })
    const result = await chatStreaming(provider, { ...request, tools: [weatherTool] })
    expect(result.toolCalls.map((call) => call.arguments)).toEqual([{ city: 'Paris' }, { city: 'Oslo' }])
    expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(2)
    expect(result.tokens).toEqual([])
  })

  it('sends a tool result back with its tool name and call id', async () => {
    const { server, provider } = await providerFor({ 'POST /api/chat': textReply('It is 4 °C in Oslo.') })
    await provider.chat({
      model: 'llama3.2',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_0sl0x2y3', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', toolCallId: 'call_0sl0x2y3', content: '{"celsius":4}' }
      ]
    })
    expect(server.requests[0]!.body.messages.at(-1)).toEqual({ role: 'tool', content: '{"celsius":4}', tool_name: 'get_weather', tool_call_id: 'call_0sl0x2y3' })
  })

  it('sends a response format as format, the JSON Schema itself', async () => {
    const schema = { type: 'object', properties: { age: { type: 'integer' }, available: { type: 'boolean' } }, required: ['age', 'available'] }
    const { server, provider } = await providerFor({ 'POST /api/chat': textReply('{"age": 22, "available": false}') })
    const result = await provider.chat({ ...request, responseFormat: { type: 'json_schema', name: 'availability', schema } })
    expect(JSON.parse(result.text)).toEqual({ age: 22, available: false })
    expect(server.requests[0]!.body.format).toEqual(schema)
  })

  it('embeds texts through /api/embed, refusing to truncate, with dimensions and the record’s options', async () => {
    const { server, provider } = await providerFor({ 'POST /api/embed': (sent) => embedReply(sent.body) }, { options: { keepAlive: '1h', numCtx: 2048 } })
    const result = await provider.embed!({ model: 'nomic-embed-text', texts: ['red apple', 'green pear'], dimensions: 256 })
    expect(result.vectors).toHaveLength(2)
    expect(result.vectors.map((vector) => vector.length)).toEqual([256, 256])
    expect(result.vectors[0]).not.toEqual(result.vectors[1])
    expect(result).toMatchObject({ model: 'nomic-embed-text', usage: { promptTokens: 8 } })
    expect(server.requests[0]!.body).toEqual({
      model: 'nomic-embed-text',
      input: ['red apple', 'green pear'],
      truncate: false,
      dimensions: 256,
      options: { num_ctx: 2048 },
      keep_alive: '1h'
    })
  })
})
