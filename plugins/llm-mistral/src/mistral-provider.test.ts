import type { ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { completionReply, mistralErrors, startFakeMistral, streamChunks, textStreamReply, toolCallStreamReply, type FakeMistral } from '../test/fake-mistral-server.js'
import plugin, { mistralPrices, mistralProviderKind } from './index.js'
import { toMistralToolCallId } from './mistral-tool-call-id.js'

const apiKey = 'mistral-test-key-0123456789'
const model = 'mistral-small-latest'
const request: ChatRequest = { model, messages: [{ role: 'user', content: 'Say hello' }] }
const weatherTool = { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } }
const usage = { prompt_tokens: 9, completion_tokens: 2 }

let fake: FakeMistral | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function providerFor(config: TestProviderOptions = {}) {
  fake = await startFakeMistral({ apiKey })
  return { fake, provider: createTestProvider(mistralProviderKind, { baseUrl: fake.url, apiKey, ...config }) }
}

describe('mistral provider', () => {
  it('is contributed by the plugin, its default models priced', () => {
    expect(plugin).toMatchObject({ id: 'llm-mistral', apiVersion: '^2.0.0', contributes: { llmProviders: [mistralProviderKind] } })
    expect(mistralProviderKind).toMatchObject({ kind: 'mistral', usesNetwork: true, structuredOutput: 'native', defaultModel: model, defaultEmbeddingModel: 'mistral-embed' })
    expect(mistralPrices.models[mistralProviderKind.defaultModel!]).toBeDefined()
    expect(mistralPrices.models[mistralProviderKind.defaultEmbeddingModel!]).toBeDefined()
    expect(mistralPrices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('answers a completion with text, the model that answered and usage, sending the request in Mistral’s fields', async () => {
    const { fake, provider } = await providerFor()
    fake.reply(completionReply({ model: 'mistral-small-2603', content: 'Hello!', usage }))
    const result = await provider.chat({ ...request, temperature: 0.2, maxTokens: 50 })
    expect(result).toEqual({ text: 'Hello!', toolCalls: [], usage: { promptTokens: 9, completionTokens: 2 }, model: 'mistral-small-2603', finishReason: 'stop' })
    const [sent] = fake.requests
    expect(sent.path).toBe('/v1/chat/completions')
    expect(sent.headers.authorization).toBe(`Bearer ${apiKey}`)
    expect(sent.body).toEqual({ model, messages: [{ role: 'user', content: 'Say hello' }], temperature: 0.2, max_tokens: 50, stream: false })
  })

  it('reaches the API whether the base URL ends with /v1 or not', async () => {
    const { fake } = await providerFor()
    const provider = createTestProvider(mistralProviderKind, { baseUrl: fake.url.replace(/\/v1$/, '/'), apiKey })
    fake.reply(completionReply({ model, content: 'ok', usage }))
    expect((await provider.chat(request)).text).toBe('ok')
    expect(fake.requests[0].path).toBe('/v1/chat/completions')
  })

  it("sends every call through the host's fetch, chat and embeddings alike", async () => {
    const seen: string[] = []
    const hostFetch: typeof fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input))
      return fetch(input, init)
    }
    const { fake, provider } = await providerFor({ fetch: hostFetch })
    fake.reply(textStreamReply(model, ['Hi'], usage))
    await chatStreaming(provider, request)
    await provider.embed!({ model: 'mistral-embed', texts: ['a'] })
    expect(seen).toEqual([`${fake.url}/chat/completions`, `${fake.url}/embeddings`])
  })

  it("never sends the server's own MISTRAL_API_KEY when the record has no key", async () => {
    fake = await startFakeMistral()
    const saved = process.env.MISTRAL_API_KEY
    process.env.MISTRAL_API_KEY = 'the-servers-own-key'
    try {
      fake.reply(completionReply({ model, content: 'ok', usage }))
      await createTestProvider(mistralProviderKind, { baseUrl: fake.url }).chat(request)
    } finally {
      if (saved === undefined) delete process.env.MISTRAL_API_KEY
      else process.env.MISTRAL_API_KEY = saved
    }
    expect(fake.requests[0].headers.authorization).toBeUndefined()
  })

  it('streams text deltas in order, with usage and cached tokens from the last chunk', async () => {
    const { fake, provider } = await providerFor()
    fake.reply(textStreamReply(model, ['Hel', 'lo', ', world', '!'], { prompt_tokens: 1013, completion_tokens: 4, cached_tokens: 960 }))
    const result = await chatStreaming(provider, request)
    expect(result.tokens).toEqual(['Hel', 'lo', ', world', '!'])
    expect(result).toMatchObject({ text: 'Hello, world!', usage: { promptTokens: 1013, completionTokens: 4, cachedPromptTokens: 960 }, finishReason: 'stop', model })
    expect(fake.requests[0].body).toMatchObject({ stream: true })
    expect(fake.requests[0].body).not.toHaveProperty('stream_options')
  })

  it('returns parallel tool calls, streamed or not, with parsed arguments', async () => {
    const { fake, provider } = await providerFor()
    const calls = [
      { id: 'gSIMJiOkT', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'k2Lm9QaZx', name: 'get_weather', arguments: '{"city": "Oslo"}' }
    ]
    const expected = [
      { id: 'gSIMJiOkT', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'k2Lm9QaZx', name: 'get_weather', arguments: { city: 'Oslo' } }
    ]
    fake.reply(completionReply({ model, toolCalls: calls, usage }))
    fake.reply(toolCallStreamReply(model, calls, usage))
    expect(await provider.chat({ ...request, tools: [weatherTool] })).toMatchObject({ text: '', toolCalls: expected, finishReason: 'tool_calls' })
    expect(await chatStreaming(provider, { ...request, tools: [weatherTool] })).toMatchObject({ text: '', tokens: [], toolCalls: expected, finishReason: 'tool_calls' })
    expect(fake.requests[0].body.tools).toEqual([{ type: 'function', function: weatherTool }])
  })

  it('continues a conversation another vendor began, its tool call ids made nine characters Mistral accepts', async () => {
    const { fake, provider } = await providerFor()
    fake.reply(completionReply({ model, content: 'It is 4 °C in Oslo.', usage }))
    const result = await provider.chat({
      model,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_Qm3xZ0ab12cd', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', toolCallId: 'call_Qm3xZ0ab12cd', name: 'get_weather', content: '{"celsius": 4}' }
      ]
    })
    expect(result.text).toBe('It is 4 °C in Oslo.')
    const id = toMistralToolCallId('call_Qm3xZ0ab12cd')
    expect(fake.requests[0].body.messages.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' }, index: 0 }], prefix: false },
      { role: 'tool', tool_call_id: id, name: 'get_weather', content: '{"celsius": 4}' }
    ])
  })

  it("sends a response format as Mistral's strict json_schema", async () => {
    const { fake, provider } = await providerFor()
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
    fake.reply(completionReply({ model, content: '{"city":"Oslo"}', usage }))
    expect((await provider.chat({ ...request, responseFormat: { type: 'json_schema', name: 'place', schema } })).text).toBe('{"city":"Oslo"}')
    expect(fake.requests[0].body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'place', schema, strict: true } })
  })

  it('reads a truncated answer as length, whether max_tokens or the model’s context ended it', async () => {
    const { fake, provider } = await providerFor()
    fake.reply(completionReply({ model, content: 'Once upon', finishReason: 'length', usage }))
    fake.reply(completionReply({ model, content: 'Once upon', finishReason: 'model_length', usage }))
    expect((await provider.chat(request)).finishReason).toBe('length')
    expect((await provider.chat(request)).finishReason).toBe('length')
  })

  it('makes a stream Mistral ends with finish_reason "error" a cut stream', async () => {
    const { fake, provider } = await providerFor()
    fake.reply({ stream: streamChunks(model, [{ role: 'assistant', content: '' }, { content: 'Half' }], { finishReason: 'error', usage }) })
    await expect(chatStreaming(provider, request)).rejects.toMatchObject({ reason: 'cut_stream', retryable: true })
  })

  it("sends the record's moderation as a guardrail, and reads its block as content filtered", async () => {
    const { fake, provider } = await providerFor({ options: { moderation: { thresholds: { violenceAndThreats: 0.2 } } } })
    fake.reply(mistralErrors.guardrailBlocked())
    await expect(provider.chat(request)).rejects.toMatchObject({ reason: 'content_filtered', retryable: false, status: 403 })
    expect(fake.requests[0].body.guardrails).toMatchObject([{ moderation_llm_v2: { custom_category_thresholds: { violence_and_threats: 0.2 }, action: 'block' } }])
  })

  it('reads a conversation Mistral refuses as a bad request, in its words', async () => {
    const { provider } = await providerFor()
    const ending = provider.chat({ model, messages: [...request.messages, { role: 'assistant', content: 'Hello!' }] })
    await expect(ending).rejects.toMatchObject({
      reason: 'bad_request',
      status: 400,
      message: 'HTTP 400: Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant'
    })
  })

  it('embeds texts in their order, asking for the dimensions when given', async () => {
    const { fake, provider } = await providerFor()
    fake.reply(
      {
        json: {
          id: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
          object: 'list',
          model: 'codestral-embed',
          data: [
            { object: 'embedding', embedding: [0.3, 0.4], index: 1 },
            { object: 'embedding', embedding: [0.1, 0.2], index: 0 }
          ],
          usage: { prompt_tokens: 6, total_tokens: 6, completion_tokens: 0 }
        }
      },
      '/v1/embeddings'
    )
    const result = await provider.embed!({ model: 'codestral-embed', texts: ['red apple', 'green pear'], dimensions: 2 })
    expect(result).toEqual({ vectors: [[0.1, 0.2], [0.3, 0.4]], model: 'codestral-embed', usage: { promptTokens: 6 } })
    expect(fake.requests[0].body).toMatchObject({ model: 'codestral-embed', input: ['red apple', 'green pear'], output_dimension: 2 })
  })

  it('fails embeddings that do not answer every text', async () => {
    const { fake, provider } = await providerFor()
    fake.reply({ json: { id: 'e', object: 'list', model: 'mistral-embed', data: [{ object: 'embedding', embedding: [0.1], index: 0 }], usage: { prompt_tokens: 2, total_tokens: 2 } } }, '/v1/embeddings')
    await expect(provider.embed!({ model: 'mistral-embed', texts: ['a', 'b'] })).rejects.toMatchObject({ reason: 'server', message: 'Mistral answered 1 vectors for 2 texts' })
  })

  it('refuses options its schema does not describe', () => {
    expect(() => createTestProvider(mistralProviderKind, { options: { temprature: 0.5 } })).toThrow(/must NOT have additional properties/)
  })
})
