import type { ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import {
  chunk,
  completionReply,
  startFakeOpenAi,
  textStreamReply,
  usageChunk,
  type FakeHandler,
  type FakeOpenAi
} from '../test/fake-openai-server.js'
import plugin, { openAiProviderKind } from './index.js'

const apiKey = 'sk-test-0123456789'
const request: ChatRequest = { model: 'gpt-test', messages: [{ role: 'user', content: 'Say hello' }] }
const weatherTool = { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } }

let server: FakeOpenAi | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(handler: FakeHandler, config: TestProviderOptions = {}) {
  server = await startFakeOpenAi({ 'POST /chat/completions': handler })
  return { server, provider: createTestProvider(openAiProviderKind, { baseUrl: server.url, apiKey, ...config }) }
}

describe('openai provider', () => {
  it('is contributed by the plugin', () => {
    expect(plugin.id).toBe('llm-openai')
    expect(plugin.contributes?.llmProviders).toEqual([openAiProviderKind])
    expect(openAiProviderKind).toMatchObject({ kind: 'openai', usesNetwork: true, defaultModel: 'gpt-4o-mini' })
  })

  it('answers a plain completion with text and usage', async () => {
    const { server, provider } = await providerFor(
      completionReply({ content: 'Hello!', model: 'gpt-test-2024', usage: { prompt_tokens: 9, completion_tokens: 2 } })
    )
    const result = await provider.chat({ ...request, temperature: 0.2, maxTokens: 50 })
    expect(result).toEqual({
      text: 'Hello!',
      toolCalls: [],
      usage: { promptTokens: 9, completionTokens: 2 },
      model: 'gpt-test-2024',
      finishReason: 'stop'
    })
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0].body).toEqual({ model: 'gpt-test', messages: [{ role: 'user', content: 'Say hello' }], temperature: 0.2, max_tokens: 50 })
  })

  it('sends the key, the organization and the extra headers', async () => {
    const { server, provider } = await providerFor(completionReply({ content: 'ok' }), {
      options: { organization: 'org-troupe', headers: { 'X-Gateway-Route': 'eu' }, temperature: 0.7 }
    })
    await provider.chat(request)
    const { headers, body } = server.requests[0]
    expect(headers.authorization).toBe(`Bearer ${apiKey}`)
    expect(headers['openai-organization']).toBe('org-troupe')
    expect(headers['x-gateway-route']).toBe('eu')
    expect(body.temperature).toBe(0.7)
  })

  it("never sends the host's OPENAI_CUSTOM_HEADERS to a tenant's endpoint, but keeps the record's own headers", async () => {
    const before = process.env.OPENAI_CUSTOM_HEADERS
    process.env.OPENAI_CUSTOM_HEADERS = 'X-Gateway-Key: operator-secret-123\nX-Team: ops'
    try {
      const { server: fake, provider } = await providerFor(completionReply({ content: 'hi' }), { options: { headers: { 'X-Team': 'tenant' } } })
      await provider.chat(request)
      const sent = fake.requests[0]!.headers
      expect(sent['x-gateway-key']).toBeUndefined()
      expect(sent['x-team']).toBe('tenant')
      expect(JSON.stringify(sent)).not.toContain('operator-secret-123')
    } finally {
      if (before === undefined) delete process.env.OPENAI_CUSTOM_HEADERS
      else process.env.OPENAI_CUSTOM_HEADERS = before
    }
  })

  it('sends a placeholder key when the record has none', async () => {
    server = await startFakeOpenAi({ 'POST /chat/completions': completionReply({ content: 'ok' }) })
    const provider = createTestProvider(openAiProviderKind, { baseUrl: server.url })
    await provider.chat(request)
    expect(server.requests[0].headers.authorization).toBe('Bearer not-needed')
  })

  it('streams content deltas in order, with usage from the last chunk', async () => {
    const { server, provider } = await providerFor(textStreamReply(['Hel', 'lo', ', world', '!'], { prompt_tokens: 9, completion_tokens: 4 }))
    const result = await chatStreaming(provider, request)
    expect(result.tokens).toEqual(['Hel', 'lo', ', world', '!'])
    expect(result.text).toBe(result.tokens.join(''))
    expect(result).toMatchObject({ usage: { promptTokens: 9, completionTokens: 4 }, finishReason: 'stop', model: 'fake-model' })
    expect(server.requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } })
  })

  it('reports zero usage when a stream carries none', async () => {
    const { provider } = await providerFor(textStreamReply(['Hi']))
    expect((await chatStreaming(provider, request)).usage).toEqual({ promptTokens: 0, completionTokens: 0 })
  })

  it('returns native tool calls with parsed arguments', async () => {
    const { server, provider } = await providerFor(
      completionReply({ toolCalls: [{ id: 'call_abc', name: 'get_weather', arguments: '{"city":"Paris"}' }] })
    )
    const result = await provider.chat({ ...request, tools: [weatherTool] })
    expect(result).toMatchObject({
      text: '',
      toolCalls: [{ id: 'call_abc', name: 'get_weather', arguments: { city: 'Paris' } }],
      finishReason: 'tool_calls'
    })
    expect(server.requests[0].body.tools).toEqual([{ type: 'function', function: weatherTool }])
  })

  it('joins tool calls streamed in fragments across chunks', async () => {
    const { provider } = await providerFor({
      stream: [
        chunk({ role: 'assistant', content: null }),
        chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city"' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: ':"Oslo"}' } }] }),
        chunk({}, 'tool_calls'),
        usageChunk(20, 12)
      ]
    })
    const result = await chatStreaming(provider, { ...request, tools: [weatherTool] })
    expect(result).toMatchObject({
      text: '',
      tokens: [],
      toolCalls: [
        { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_2', name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      usage: { promptTokens: 20, completionTokens: 12 },
      finishReason: 'tool_calls'
    })
  })

  it('hands back a call whose arguments are broken JSON with an argumentsError instead of failing the reply', async () => {
    const { provider } = await providerFor(
      completionReply({
        toolCalls: [
          { id: 'call_bad', name: 'get_weather', arguments: '{"city":' },
          { id: 'call_good', name: 'get_weather', arguments: '{"city":"Oslo"}' }
        ]
      })
    )
    const result = await provider.chat({ ...request, tools: [weatherTool] })
    expect(result).toMatchObject({
      toolCalls: [
        { id: 'call_bad', name: 'get_weather', arguments: {}, argumentsError: 'Unexpected end of JSON input (arguments: {"city":)' },
        { id: 'call_good', name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      finishReason: 'tool_calls'
    })
    expect(result.toolCalls[1]).not.toHaveProperty('argumentsError')
  })

  it('does the same for broken arguments streamed in fragments', async () => {
    const { provider } = await providerFor({
      stream: [
        chunk({ role: 'assistant', content: null }),
        chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"Par' } }] }),
        chunk({}, 'tool_calls')
      ]
    })
    const result = await chatStreaming(provider, { ...request, tools: [weatherTool] })
    expect(result.toolCalls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: {}, argumentsError: expect.stringMatching(/^Unterminated string in JSON at position \d+ \(arguments: \{"city":"Par\)$/) }])
    expect(result.finishReason).toBe('tool_calls')
  })

  it('maps the finish reason of a truncated reply', async () => {
    const { provider } = await providerFor(completionReply({ content: 'Once upon', finishReason: 'length' }))
    expect((await provider.chat(request)).finishReason).toBe('length')
  })

  it('rejects options its schema does not describe', () => {
    expect(() => createTestProvider(openAiProviderKind, { options: { organisation: 'typo' } })).toThrow(/must NOT have additional properties/)
    expect(() => createTestProvider(openAiProviderKind, { options: { headers: { 'X-Retry': 3 } } })).toThrow(/headers/)
  })
})
