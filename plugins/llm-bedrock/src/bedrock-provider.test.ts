import type { ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiError, converseReply, standInKey, startFakeBedrock, streamEvents, text, titanEmbedding, titanVectorOf, toolUse, type FakeBedrock, type FakeHandler } from '../test/bedrock-stand-in.js'
import { bedrockRuntimeUrl } from './bedrock-client.js'
import { bedrockProviderKind } from './bedrock-provider.js'

const request: ChatRequest = { model: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: 'Say hello' }] }
const options = { region: standInKey.region, accessKeyId: standInKey.accessKeyId }

let server: FakeBedrock | undefined
afterEach(async () => {
  vi.unstubAllEnvs()
  await server?.close()
  server = undefined
})

async function providerFor(handler: FakeHandler, config: TestProviderOptions = {}) {
  server = await startFakeBedrock(handler)
  return { server, provider: createTestProvider(bedrockProviderKind, { baseUrl: server.url, apiKey: server.apiKey, options, ...config }) }
}

describe('bedrock embeddings (Titan Text Embeddings through InvokeModel)', () => {
  it('embeds each text with its own signed InvokeModel call, keeping the order and summing the tokens', async () => {
    const { server, provider } = await providerFor((sent) => titanEmbedding(sent))
    const texts = ['red apple', 'a green pear on a table', 'blue sky', 'sea', 'a long walk by the river']
    const result = await provider.embed!({ model: 'amazon.titan-embed-text-v2:0', texts, dimensions: 256 })
    expect(result.vectors).toEqual(texts.map((text) => titanVectorOf(text, 256)))
    expect(result.usage.promptTokens).toBe(texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0))
    expect(server.requests).toHaveLength(texts.length)
    for (const sent of server.requests) {
      expect(sent).toMatchObject({ method: 'POST', path: '/model/amazon.titan-embed-text-v2:0/invoke' })
      expect(sent.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\//)
    }
    expect(server.requests.map((sent) => sent.body).sort((a, b) => a.inputText.localeCompare(b.inputText))[0]).toEqual({ inputText: 'a green pear on a table', dimensions: 256, normalize: true })
  })

  it('sends Titan V1 the text only, as its request allows', async () => {
    const { server, provider } = await providerFor((sent) => titanEmbedding(sent))
    const result = await provider.embed!({ model: 'amazon.titan-embed-text-v1', texts: ['hello'] })
    expect(result.vectors[0]).toHaveLength(1536)
    expect(server.requests[0]!.body).toEqual({ inputText: 'hello' })
  })

  it('refuses other models and sizes Titan cannot make, sending nothing', async () => {
    const { server, provider } = await providerFor((sent) => titanEmbedding(sent))
    await expect(provider.embed!({ model: 'cohere.embed-english-v3', texts: ['x'] })).rejects.toMatchObject({ reason: 'bad_request', message: expect.stringContaining('amazon.titan-embed-text-v2:0') })
    await expect(provider.embed!({ model: 'amazon.titan-embed-text-v2:0', texts: ['x'], dimensions: 300 })).rejects.toMatchObject({ reason: 'bad_request' })
    expect(server.requests).toEqual([])
  })

  it('raises what Bedrock refuses as the contract says: a throttled call is rate_limited, a wrong key is auth, never with the key', async () => {
    const { provider } = await providerFor(apiError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.'))
    await expect(provider.embed!({ model: 'amazon.titan-embed-text-v2:0', texts: ['x'] })).rejects.toMatchObject({ reason: 'rate_limited', retryable: true })
    const wrongKey = createTestProvider(bedrockProviderKind, { baseUrl: server!.url, apiKey: 'not-the-secret-key', options })
    const refused = await wrongKey.embed!({ model: 'amazon.titan-embed-text-v2:0', texts: ['x'] }).catch((error: unknown) => error as Error)
    expect(refused).toMatchObject({ reason: 'auth' })
    expect(String(refused) + JSON.stringify(refused)).not.toContain('not-the-secret-key')
    const keyless = createTestProvider(bedrockProviderKind, { baseUrl: server!.url, options })
    await expect(keyless.embed!({ model: 'amazon.titan-embed-text-v2:0', texts: ['x'] })).rejects.toMatchObject({ reason: 'auth' })
  })
})


describe('bedrock provider', () => {
  it('answers a prompt through Converse, signed with the record key, the system prompt top-level', async () => {
    const { server, provider } = await providerFor({ json: converseReply({ content: [text('Hello!')], usage: { inputTokens: 9, outputTokens: 2 } }) })
    const result = await provider.chat({ ...request, messages: [{ role: 'system', content: 'Be brief.' }, ...request.messages], maxTokens: 50 })
    expect(result).toEqual({ text: 'Hello!', toolCalls: [], usage: { promptTokens: 9, completionTokens: 2 }, model: 'amazon.nova-lite-v1:0', finishReason: 'stop' })
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/model/amazon.nova-lite-v1:0/converse', streaming: false })
    expect(server.requests[0]!.body).toEqual({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Say hello' }] }], inferenceConfig: { maxTokens: 50 } })
    expect(server.requests[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/)
  })

  it('sends every request through the fetch it is given', async () => {
    const hostFetch = vi.fn<typeof fetch>((input, init) => fetch(input, init))
    const { provider } = await providerFor({ json: converseReply({ content: [text('ok')] }) }, { fetch: hostFetch })
    await provider.chat(request)
    await provider.chat(request, { onToken: () => undefined }).catch(() => undefined)
    expect(hostFetch).toHaveBeenCalledTimes(2)
    const urls = hostFetch.mock.calls.map(([input]) => (input instanceof Request ? input.url : String(input)))
    expect(urls).toEqual([`${server!.url}/model/amazon.nova-lite-v1%3A0/converse`, `${server!.url}/model/amazon.nova-lite-v1%3A0/converse-stream`])
  })

  it("calls the Region's endpoint when the record names no base URL, still through the host's fetch", async () => {
    const refusing = vi.fn<typeof fetch>(async () => {
      throw new TypeError('fetch failed: address refused by policy')
    })
    const provider = createTestProvider(bedrockProviderKind, { apiKey: standInKey.secretAccessKey, options: { region: 'eu-central-1', accessKeyId: standInKey.accessKeyId }, fetch: refusing })
    await expect(provider.chat(request)).rejects.toMatchObject({ reason: 'network', retryable: true })
    const [input] = refusing.mock.calls[0]!
    expect((input as Request).url).toBe(`${bedrockRuntimeUrl('eu-central-1')}/model/amazon.nova-lite-v1%3A0/converse`)
  })

  it("never signs with the host's environment credentials or bearer token", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAENVIRONMENTKEY00')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'environment-secret-that-must-not-be-used')
    vi.stubEnv('AWS_SESSION_TOKEN', 'environment-session-token')
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'environment-bearer-token')
    vi.stubEnv('AWS_REGION', 'ap-southeast-2')
    const { server, provider } = await providerFor({ json: converseReply({ content: [text('ok')] }) })
    await expect(provider.chat(request)).resolves.toMatchObject({ text: 'ok' })
    const { headers } = server.requests[0]!
    expect(headers.authorization).toContain('Credential=AKIAIOSFODNN7EXAMPLE/')
    expect(headers.authorization).toContain('/us-east-1/bedrock/')
    expect(headers['x-amz-security-token']).toBeUndefined()
    const keyless = createTestProvider(bedrockProviderKind, { baseUrl: server.url, options })
    await expect(keyless.chat(request)).rejects.toMatchObject({ name: 'LlmProviderError', reason: 'auth', retryable: true })
    expect(server.requests).toHaveLength(1)
  })

  it('is refused with a wrong secret, as Bedrock refuses a signature it cannot recompute', async () => {
    const { provider } = await providerFor({ json: converseReply({ content: [text('never')] }) }, { apiKey: 'not-the-secret-access-key-of-this-key-id0' })
    await expect(provider.chat(request)).rejects.toMatchObject({ reason: 'auth', status: 403, message: expect.stringContaining('InvalidSignatureException') })
  })

  it('streams text deltas in order, with usage from the metadata event, cache reads included', async () => {
    const reply = converseReply({ content: [text('Hello, world!')], usage: { inputTokens: 20, outputTokens: 4, cacheReadInputTokens: 1200, cacheWriteInputTokens: 300 } })
    const { server, provider } = await providerFor({ messages: streamEvents(reply) })
    const result = await chatStreaming(provider, request)
    expect(result.tokens).toEqual(['Hello,', ' world!'])
    expect(result).toMatchObject({ text: 'Hello, world!', usage: { promptTokens: 1520, completionTokens: 4, cachedPromptTokens: 1200 }, finishReason: 'stop' })
    expect(server.requests[0]!.streaming).toBe(true)
  })

  it('returns parallel tool calls streamed as toolUse blocks, their input parsed from its fragments', async () => {
    const reply = converseReply({ content: [text('Two lookups.'), toolUse('get_weather', { city: 'Paris' }, 'tooluse_A'), toolUse('get_weather', { city: 'Oslo' }, 'tooluse_B')] })
    const { provider } = await providerFor({ messages: streamEvents(reply) })
    const tools = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }]
    const result = await chatStreaming(provider, { ...request, tools })
    expect(result).toMatchObject({
      text: 'Two lookups.',
      toolCalls: [
        { id: 'tooluse_A', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'tooluse_B', name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      finishReason: 'tool_calls'
    })
  })

  it('rejects options its schema does not describe', () => {
    expect(() => createTestProvider(bedrockProviderKind, { options: { region: 'us-east-1' } })).toThrow(/accessKeyId/)
    expect(() => createTestProvider(bedrockProviderKind, { options: { ...options, region: 'https://evil.example' } })).toThrow(/region/)
    expect(() => createTestProvider(bedrockProviderKind, { options: { ...options, accessKeyId: 'wJalrXUtnFEMI/K7MDENG' } })).toThrow(/accessKeyId/)
    expect(() => createTestProvider(bedrockProviderKind, { options: { ...options, secretAccessKey: 'x' } })).toThrow(/must NOT have additional properties/)
    expect(() => createTestProvider(bedrockProviderKind, { options: { ...options, maxTokens: 0 } })).toThrow(/maxTokens/)
  })
})
