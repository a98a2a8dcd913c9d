import { LlmProviderError, type ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { completion, embeddingsList, startFakeAzureOpenAi, textStream, toolCallStream, type FakeAzureOpenAi, type FakeDeployment } from '../test/fake-azure-openai.js'
import plugin, { azureOpenAiProviderKind } from './index.js'

const apiKey = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'
const model = 'gpt-4o-2024-11-20'
const ask: ChatRequest = { model: 'chat-prod', messages: [{ role: 'user', content: 'Say hello' }] }
const usage = { prompt_tokens: 9, completion_tokens: 2 }

let fake: FakeAzureOpenAi | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

/** A resource with a chat deployment `chat-prod` (and any others), and a provider of its endpoint. */
async function resource(chat: FakeDeployment['chat'], config: TestProviderOptions = {}, others: Record<string, FakeDeployment> = {}) {
  fake = await startFakeAzureOpenAi({ apiKey, deployments: { 'chat-prod': { model, chat }, ...others } })
  return { fake, provider: createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url, apiKey, ...config }) }
}

describe('azure-openai provider', () => {
  it('is contributed by the plugin', () => {
    expect(plugin).toMatchObject({ id: 'llm-azure-openai', apiVersion: '^2.0.0', contributes: { llmProviders: [azureOpenAiProviderKind] } })
    expect(azureOpenAiProviderKind).toMatchObject({ kind: 'azure-openai', usesNetwork: true, structuredOutput: 'native', defaultEmbeddingModel: 'text-embedding-3-small' })
  })

  it("calls the request's deployment with the default api-version and the key in api-key, and answers with the model Azure reports", async () => {
    const { fake, provider } = await resource(completion({ model, content: 'Hello!', usage: { ...usage, cached_tokens: 4 } }))
    const result = await provider.chat(ask)
    expect(result).toEqual({ text: 'Hello!', toolCalls: [], usage: { promptTokens: 9, completionTokens: 2, cachedPromptTokens: 4 }, model, finishReason: 'stop' })
    const [request] = fake.requests
    expect(request).toMatchObject({ method: 'POST', path: '/openai/deployments/chat-prod/chat/completions', apiVersion: '2024-10-21' })
    expect(request!.headers['api-key']).toBe(apiKey)
    expect(request!.headers.authorization).toBeUndefined()
  })

  it('takes the api-version from the options, and an endpoint pasted with /openai/', async () => {
    const { fake } = await resource(completion({ model, content: 'ok', usage }))
    const provider = createTestProvider(azureOpenAiProviderKind, { baseUrl: `${fake.url}/openai/`, apiKey, options: { apiVersion: '2025-04-01-preview' } })
    await provider.chat(ask)
    expect(fake.requests[0]).toMatchObject({ path: '/openai/deployments/chat-prod/chat/completions', apiVersion: '2025-04-01-preview' })
  })

  it("sends every request through the host's fetch", async () => {
    const { fake } = await resource(completion({ model, content: 'ok', usage }))
    const fetched: string[] = []
    const hostFetch: typeof fetch = (input, init) => {
      fetched.push(String(input instanceof Request ? input.url : input))
      return fetch(input, init)
    }
    await createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url, apiKey, fetch: hostFetch }).chat(ask)
    expect(fetched).toEqual([`${fake.url}/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21`])
  })

  it('sends max_completion_tokens where the api-version has it, max_tokens before, as the stand-in enforces', async () => {
    const { fake, provider } = await resource(completion({ model, content: 'ok', usage }))
    await provider.chat({ ...ask, maxTokens: 50, temperature: 0.2 })
    await createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url, apiKey, options: { apiVersion: '2024-06-01' } }).chat({ ...ask, maxTokens: 50 })
    expect(fake.requests.map((request) => request.body)).toEqual([
      { model: 'chat-prod', messages: ask.messages, temperature: 0.2, max_completion_tokens: 50 },
      { model: 'chat-prod', messages: ask.messages, max_tokens: 50 }
    ])
  })

  it('streams with the usage chunk where the api-version has stream_options, and without it (zero usage) before', async () => {
    const { fake, provider } = await resource(textStream(model, ['Hel', 'lo'], usage))
    const streamed = await chatStreaming(provider, ask)
    expect(streamed).toMatchObject({ tokens: ['Hel', 'lo'], text: 'Hello', usage: { promptTokens: 9, completionTokens: 2 }, model })
    const older = createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url, apiKey, options: { apiVersion: '2024-06-01' } })
    expect((await chatStreaming(older, ask)).usage).toEqual({ promptTokens: 0, completionTokens: 0 })
    expect(fake.requests.map((request) => request.body.stream_options)).toEqual([{ include_usage: true }, undefined])
  })

  it('asks for structured output with response_format json_schema', async () => {
    const { fake, provider } = await resource(completion({ model, content: '{"city":"Oslo"}', usage }))
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    const result = await provider.chat({ ...ask, responseFormat: { type: 'json_schema', name: 'place', schema } })
    expect(result.text).toBe('{"city":"Oslo"}')
    expect(fake.requests[0]!.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'place', schema } })
  })

  it('refuses structured output on an api-version without it, before sending anything', async () => {
    const { fake } = await resource(completion({ model, content: '{}', usage }))
    const provider = createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url, apiKey, options: { apiVersion: '2024-06-01' } })
    const error = await provider.chat({ ...ask, responseFormat: { type: 'json_schema', name: 'place', schema: { type: 'object' } } }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'LlmProviderError', reason: 'bad_request', retryable: false })
    expect(String((error as Error).message)).toContain('2024-08-01-preview')
    expect(fake.requests).toEqual([])
  })

  it('returns parallel tool calls streamed in fragments, in order', async () => {
    const calls = [
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { id: 'call_b', name: 'get_weather', arguments: '{"city":"Bergen"}' }
    ]
    const { fake, provider } = await resource(toolCallStream(model, calls, usage))
    const tools = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }]
    const result = await chatStreaming(provider, { ...ask, tools })
    expect(result).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo' } },
        { id: 'call_b', name: 'get_weather', arguments: { city: 'Bergen' } }
      ]
    })
    expect(fake.requests[0]!.body.tools).toEqual([{ type: 'function', function: tools[0] }])
  })

  it('refuses a deployment name that would change the path, before sending anything', async () => {
    const { fake, provider } = await resource(completion({ model, content: 'ok', usage }))
    await expect(provider.chat({ ...ask, model: '../../other' })).rejects.toMatchObject({ reason: 'bad_request', retryable: false })
    expect(fake.requests).toEqual([])
  })

  it('answers a deployment the resource does not have as a bad request with its 404', async () => {
    const { provider } = await resource(completion({ model, content: 'ok', usage }))
    const error = await provider.chat({ ...ask, model: 'gpt-5' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ reason: 'bad_request', status: 404, retryable: false })
    expect(String((error as Error).message)).toContain('The API deployment for this resource does not exist')
  })

  it('fails every call of a record without a key as auth, never using the key in the environment', async () => {
    const { fake } = await resource(completion({ model, content: 'ok', usage }))
    const saved = process.env.AZURE_OPENAI_API_KEY
    process.env.AZURE_OPENAI_API_KEY = apiKey
    try {
      const provider = createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url })
      await expect(provider.chat(ask)).rejects.toMatchObject({ reason: 'auth', retryable: true })
      await expect(provider.embed!({ model: 'text-embedding-3-small', texts: ['a'] })).rejects.toMatchObject({ reason: 'auth' })
      expect(fake.requests).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.AZURE_OPENAI_API_KEY
      else process.env.AZURE_OPENAI_API_KEY = saved
    }
  })

  it("goes to the record's endpoint even when the environment names another base URL", async () => {
    const { fake, provider } = await resource(completion({ model, content: 'ok', usage }))
    const saved = process.env.OPENAI_BASE_URL
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/elsewhere'
    try {
      const fresh = createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url, apiKey })
      expect((await fresh.chat(ask)).text).toBe('ok')
      expect((await provider.chat(ask)).text).toBe('ok')
    } finally {
      if (saved === undefined) delete process.env.OPENAI_BASE_URL
      else process.env.OPENAI_BASE_URL = saved
    }
  })

  it('embeds with the embeddings deployment of the options, whatever model is asked', async () => {
    const { fake, provider } = await resource(completion({ model, content: 'ok', usage }), { options: { embeddingDeployment: 'embed-small' } }, {
      'embed-small': { model: 'text-embedding-3-small', embeddings: (request) => embeddingsList(request.model!, request.body.input, request.body.dimensions) }
    })
    const result = await provider.embed!({ model: 'text-embedding-3-small', texts: ['red apple', 'green pear'], dimensions: 4 })
    expect(result.vectors).toHaveLength(2)
    expect(result.vectors.every((vector) => vector.length === 4)).toBe(true)
    expect(result).toMatchObject({ model: 'text-embedding-3-small', usage: { promptTokens: 4 } })
    expect(fake.requests[0]).toMatchObject({ path: '/openai/deployments/embed-small/embeddings', body: { input: ['red apple', 'green pear'], encoding_format: 'float', dimensions: 4 } })
  })

  it('answers embeddings asked of a chat deployment as a bad request', async () => {
    const { provider } = await resource(completion({ model, content: 'ok', usage }), { options: { embeddingDeployment: 'chat-prod' } })
    const error = await provider.embed!({ model: 'text-embedding-3-small', texts: ['a'] }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(LlmProviderError)
    expect(error).toMatchObject({ reason: 'bad_request', status: 400 })
    expect(String((error as Error).message)).toContain('The embeddings operation does not work with the specified model')
  })
})

describe('azure-openai options', () => {
  const create =
    (options: Record<string, unknown>, { baseUrl }: { baseUrl?: string } = { baseUrl: 'https://contoso.openai.azure.com' }) =>
    () =>
      createTestProvider(azureOpenAiProviderKind, { baseUrl, options })

  it('takes a dated or preview api-version and an embeddings deployment', () => {
    expect(create({ apiVersion: '2024-10-21', embeddingDeployment: 'text-embedding-3-large' })).not.toThrow()
    expect(create({ apiVersion: '2025-04-01-preview' })).not.toThrow()
  })

  it('refuses an api-version that is not a date, with or without -preview', () => {
    for (const apiVersion of ['latest', '2024-13-01', '2024-10-21-beta', '24-10-21', 'v1']) expect(create({ apiVersion }), apiVersion).toThrow(/apiVersion/)
  })

  it('refuses an embeddings deployment name that is not one, and options it does not know', () => {
    expect(create({ embeddingDeployment: 'embed/../x' })).toThrow(/embeddingDeployment/)
    expect(create({ deployment: 'gpt-4o' })).toThrow(/must NOT have additional properties/)
  })

  it('needs the resource endpoint in baseUrl', () => {
    expect(create({}, {})).toThrow(/needs baseUrl: the resource endpoint/)
    expect(create({}, { baseUrl: 'contoso.openai.azure.com' })).toThrow(/not a URL/)
  })
})
