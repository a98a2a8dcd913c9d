import type { ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import {
  chunk,
  functionCallResponse,
  functionCallStream,
  lastChunk,
  startFakeGemini,
  textResponse,
  textStream,
  type FakeGemini,
  type FakeRoutes
} from '../test/fake-gemini-server.js'
import { geminiApiUrl } from './gemini-endpoint.js'
import plugin, { geminiProviderKind } from './index.js'
import { sampleThoughtSignature } from '../test/fake-gemini-replies.js'

const apiKey = 'AIzaSyTest0123456789abcdefghijklmnopq'
const request: ChatRequest = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Say hello' }] }
const weatherTool = { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }

let server: FakeGemini | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(routes: FakeRoutes, config: TestProviderOptions = {}) {
  server = await startFakeGemini(routes, { apiKey })
  return { server, provider: createTestProvider(geminiProviderKind, { baseUrl: server.url, apiKey, ...config }) }
}

describe('gemini provider', () => {
  it('is contributed by the plugin, for the Gemini API by default', () => {
    expect(plugin).toMatchObject({ id: 'llm-gemini', apiVersion: '^2.0.0' })
    expect(plugin.contributes?.llmProviders).toEqual([geminiProviderKind])
    expect(geminiProviderKind).toMatchObject({ kind: 'gemini', usesNetwork: true, defaultModel: 'gemini-2.5-flash', defaultEmbeddingModel: 'gemini-embedding-001', structuredOutput: 'native' })
    expect(geminiApiUrl).toBe('https://generativelanguage.googleapis.com')
  })

  it('posts generateContent with the key in x-goog-api-key, never in the URL, and answers text and usage', async () => {
    const { server, provider } = await providerFor({ generateContent: { json: textResponse('Hello!', { usage: { prompt: 9, candidates: 2, thoughts: 14 } }) } })
    const result = await provider.chat({ ...request, temperature: 0.2, maxTokens: 50 })
    expect(result).toEqual({ text: 'Hello!', toolCalls: [], usage: { promptTokens: 9, completionTokens: 16 }, model: 'gemini-2.5-flash', finishReason: 'stop' })
    const [sent] = server.requests
    expect(sent).toMatchObject({ method: 'POST', path: '/v1beta/models/gemini-2.5-flash:generateContent', model: 'gemini-2.5-flash', rpc: 'generateContent' })
    expect(sent!.headers['x-goog-api-key']).toBe(apiKey)
    expect(sent!.headers.authorization).toBeUndefined()
    expect(sent!.path).not.toContain(apiKey)
    expect(sent!.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }],
      generationConfig: { temperature: 0.2, maxOutputTokens: 50 }
    })
  })

  it("sends the record's extra headers and defaults, but its own key over any header of that name", async () => {
    const { server, provider } = await providerFor(
      { generateContent: { json: textResponse('ok') } },
      { options: { headers: { 'X-Gateway-Route': 'eu', 'x-goog-api-key': 'someone-elses' }, temperature: 0.7, thinkingBudget: 0 } }
    )
    await provider.chat(request)
    const [sent] = server.requests
    expect(sent!.headers['x-gateway-route']).toBe('eu')
    expect(sent!.headers['x-goog-api-key']).toBe(apiKey)
    expect(sent!.body.generationConfig).toEqual({ temperature: 0.7, thinkingConfig: { thinkingBudget: 0 } })
  })

  it("reaches the API below a gateway's path, and takes a model named models/...", async () => {
    server = await startFakeGemini({ generateContent: { json: textResponse('ok') } })
    const provider = createTestProvider(geminiProviderKind, { baseUrl: `${server.url}/gemini-proxy/`, apiKey })
    await provider.chat({ ...request, model: 'models/gemini-2.0-flash' })
    expect(server.requests[0]!.path).toBe('/gemini-proxy/v1beta/models/gemini-2.0-flash:generateContent')
  })

  it('keeps a model name to its own path segment', async () => {
    const { server, provider } = await providerFor({ generateContent: { json: textResponse('ok') } })
    await provider.chat({ ...request, model: '../../files/x?alt=media#' })
    expect(server.requests[0]!.path).toBe('/v1beta/models/..%2F..%2Ffiles%2Fx%3Falt%3Dmedia%23:generateContent')
  })

  it('streams text parts token by token over alt=sse, with the usage of the last chunk', async () => {
    const { server, provider } = await providerFor({ streamGenerateContent: textStream(['Hel', 'lo', ', world', '!'], { usage: { prompt: 9, candidates: 4 } }) })
    const result = await chatStreaming(provider, request)
    expect(result.tokens).toEqual(['Hel', 'lo', ', world', '!'])
    expect(result).toMatchObject({ text: 'Hello, world!', usage: { promptTokens: 9, completionTokens: 4 }, finishReason: 'stop', model: 'gemini-2.5-flash' })
    expect(server.requests[0]!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')
  })

  it('streams no thought summaries', async () => {
    const { provider } = await providerFor({ streamGenerateContent: { stream: [chunk([{ text: 'Counting first.', thought: true }]), lastChunk([{ text: 'Three.' }])] } })
    expect(await chatStreaming(provider, request)).toMatchObject({ tokens: ['Three.'], text: 'Three.' })
  })

  it('reports the cached prompt tokens Gemini served from its cache', async () => {
    const { provider } = await providerFor({ generateContent: { json: textResponse('Done.', { usage: { prompt: 40_000, candidates: 12, cached: 32_768 } }) } })
    expect((await provider.chat(request)).usage).toEqual({ promptTokens: 40_000, completionTokens: 12, cachedPromptTokens: 32_768 })
  })

  it('declares the tools and reads parallel function calls, then sends calls and results back as parts', async () => {
    const calls = [
      { name: 'get_weather', args: { city: 'Paris' } },
      { name: 'get_weather', args: { city: 'Oslo' } }
    ]
    const { server, provider } = await providerFor({
      generateContent: (sent) => ({ json: sent.body.contents.length === 1 ? functionCallResponse(calls) : textResponse('Warm in Paris, cold in Oslo.') })
    })
    const first = await provider.chat({ ...request, tools: [weatherTool] })
    expect(first).toMatchObject({
      text: '',
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      finishReason: 'tool_calls'
    })
    expect(server.requests[0]!.body.tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', description: 'Weather now', parametersJsonSchema: weatherTool.parameters }] }])
    const [paris, oslo] = first.toolCalls
    const second = await provider.chat({
      ...request,
      tools: [weatherTool],
      messages: [
        ...request.messages,
        { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
        { role: 'tool', toolCallId: paris!.id, name: 'get_weather', content: '{"celsius":24}' },
        { role: 'tool', toolCallId: oslo!.id, name: 'get_weather', content: '{"celsius":-3}' }
      ]
    })
    expect(second.text).toBe('Warm in Paris, cold in Oslo.')
    // The first call goes back with the signature Gemini gave it (its vendorData), not the stand-in.
    expect(paris!.vendorData).toEqual({ gemini: { thoughtSignature: sampleThoughtSignature } })
    expect(server.requests[1]!.body.contents.slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: sampleThoughtSignature },
          { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }
        ]
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { celsius: 24 } } },
          { functionResponse: { name: 'get_weather', response: { celsius: -3 } } }
        ]
      }
    ])
  })

  it('reads function calls streamed in chunks of their own', async () => {
    const { provider } = await providerFor({
      streamGenerateContent: functionCallStream([
        { name: 'get_weather', args: { city: 'Paris' }, id: 'fc-paris' },
        { name: 'get_weather', args: { city: 'Oslo' }, id: 'fc-oslo' }
      ])
    })
    const result = await chatStreaming(provider, { ...request, tools: [weatherTool] })
    expect(result).toMatchObject({
      tokens: [],
      toolCalls: [
        { id: 'fc-paris', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'fc-oslo', name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      finishReason: 'tool_calls'
    })
  })

  it('asks for JSON against the schema natively and answers the JSON text', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'] }
    const { server, provider } = await providerFor({ generateContent: { json: textResponse('{"city":"Oslo","celsius":4}') } })
    const result = await provider.chat({ ...request, responseFormat: { type: 'json_schema', name: 'weather', schema } })
    expect(JSON.parse(result.text)).toEqual({ city: 'Oslo', celsius: 4 })
    expect(server.requests[0]!.body.generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: schema })
  })

  it('maps a truncated answer to length', async () => {
    const { provider } = await providerFor({ generateContent: { json: textResponse('Once upon', { finishReason: 'MAX_TOKENS' }) } })
    expect((await provider.chat(request)).finishReason).toBe('length')
  })

  it('embeds texts with batchEmbedContents, at most 100 to a request, in order, with the dimensions asked for', async () => {
    const texts = Array.from({ length: 150 }, (_, index) => `text ${index}`)
    const { server, provider } = await providerFor({
      batchEmbedContents: (sent) => ({
        json: {
          embeddings: (sent.body.requests as Array<{ content: { parts: Array<{ text: string }> } }>).map(({ content }) => ({ values: [Number(content.parts[0]!.text.slice(5)), 0.5] })),
          usageMetadata: { promptTokenCount: sent.body.requests.length * 3 }
        }
      })
    })
    const result = await provider.embed!({ model: 'gemini-embedding-001', texts, dimensions: 768 })
    expect(result.vectors.map(([first]) => first)).toEqual(texts.map((_, index) => index))
    expect(result).toMatchObject({ model: 'gemini-embedding-001', usage: { promptTokens: 450 } })
    expect(server.requests.map((sent) => [sent.path, sent.body.requests.length])).toEqual([
      ['/v1beta/models/gemini-embedding-001:batchEmbedContents', 100],
      ['/v1beta/models/gemini-embedding-001:batchEmbedContents', 50]
    ])
    expect(server.requests[0]!.body.requests[0]).toEqual({ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'text 0' }] }, outputDimensionality: 768 })
  })

  it('embeds nothing without a request, and counts no tokens when Gemini reports none', async () => {
    const { server, provider } = await providerFor({ batchEmbedContents: { json: { embeddings: [{ values: [0.1, 0.2] }] } } })
    expect(await provider.embed!({ model: 'text-embedding-004', texts: [] })).toEqual({ vectors: [], model: 'text-embedding-004', usage: { promptTokens: 0 } })
    expect(server.requests).toEqual([])
    expect((await provider.embed!({ model: 'text-embedding-004', texts: ['one'] })).usage).toEqual({ promptTokens: 0 })
  })

  it('fails an embedding answer with a vector missing, rather than pairing vectors with the wrong texts', async () => {
    const { provider } = await providerFor({ batchEmbedContents: { json: { embeddings: [{ values: [0.1] }] } } })
    await expect(provider.embed!({ model: 'gemini-embedding-001', texts: ['one', 'two'] })).rejects.toMatchObject({ reason: 'server', message: 'Gemini answered 1 vectors for 2 texts' })
  })

  it('rejects options its schema does not describe', () => {
    expect(() => createTestProvider(geminiProviderKind, { options: { temprature: 1 } })).toThrow(/must NOT have additional properties/)
    expect(() => createTestProvider(geminiProviderKind, { options: { headers: { 'X-Retry': 3 } } })).toThrow(/headers/)
    expect(() => createTestProvider(geminiProviderKind, { options: { temperature: 3 } })).toThrow(/temperature/)
    expect(() => createTestProvider(geminiProviderKind, { options: { thinkingBudget: -2 } })).toThrow(/thinkingBudget/)
    expect(() => createTestProvider(geminiProviderKind, { options: { thinkingBudget: 1.5 } })).toThrow(/thinkingBudget/)
    expect(() => createTestProvider(geminiProviderKind, { options: { thinkingBudget: -1, temperature: 0, headers: {} } })).not.toThrow()
  })
})
