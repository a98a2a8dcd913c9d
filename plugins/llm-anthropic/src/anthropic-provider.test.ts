import type { ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import {
  message,
  messageEvents,
  startFakeAnthropic,
  text,
  thinking,
  toolUse,
  type FakeAnthropic,
  type FakeHandler
} from '../test/anthropic-stand-in.js'
import plugin, { anthropicOperatorEndpoint, anthropicProviderKind, anthropicSeeds, createAnthropicProviderKind, defaultMaxTokens } from './index.js'

const json = (body: unknown) => ({ json: body })
const request: ChatRequest = { model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'Say hello' }] }
const weatherTool = { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }

let server: FakeAnthropic | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(handler: FakeHandler, config: TestProviderOptions = {}, kind = anthropicProviderKind) {
  server = await startFakeAnthropic(handler)
  return { server, provider: createTestProvider(kind, { baseUrl: server.url, apiKey: server.apiKey, ...config }) }
}

describe('anthropic provider', () => {
  it('is contributed by the plugin, for plugin API 1.8, with native structured output and no embeddings', () => {
    expect(plugin).toMatchObject({ id: 'llm-anthropic', apiVersion: '^2.0.0' })
    expect(plugin.contributes?.llmProviders).toEqual([anthropicProviderKind])
    expect(anthropicProviderKind).toMatchObject({ kind: 'anthropic', usesNetwork: true, defaultModel: 'claude-sonnet-5-5', structuredOutput: 'native' })
    expect(anthropicProviderKind.defaultEmbeddingModel).toBeUndefined()
    expect(anthropicProviderKind.prices?.models[anthropicProviderKind.defaultModel!]).toBeDefined()
  })

  it('answers a prompt with text and usage, the system prompt top-level and no temperature sent', async () => {
    const { server, provider } = await providerFor(
      json(message({ content: [text('Hello!')], model: 'claude-sonnet-5-5-20260929', usage: { input_tokens: 9, output_tokens: 2 } }))
    )
    const result = await provider.chat({ ...request, messages: [{ role: 'system', content: 'Be brief.' }, ...request.messages], temperature: 0.2, maxTokens: 50 })
    expect(result).toEqual({ text: 'Hello!', toolCalls: [], usage: { promptTokens: 9, completionTokens: 2 }, model: 'claude-sonnet-5-5-20260929', finishReason: 'stop' })
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]!.body).toEqual({ model: 'claude-sonnet-5-5', max_tokens: 50, system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello' }] })
  })

  it('sends max_tokens from the record, else its default, when the request names none', async () => {
    const { server, provider } = await providerFor(json(message({ content: [text('ok')] })), { options: { maxTokens: 2048 } })
    await provider.chat(request)
    expect(server.requests[0]!.body.max_tokens).toBe(2048)
    const unset = createTestProvider(anthropicProviderKind, { baseUrl: server.url, apiKey: server.apiKey })
    await unset.chat(request)
    expect(server.requests[1]!.body.max_tokens).toBe(defaultMaxTokens)
  })

  it('sends the key, the API version and the extra headers', async () => {
    const { server, provider } = await providerFor(json(message({ content: [text('ok')] })), { options: { headers: { 'anthropic-beta': 'fast-mode-2026-02-01' } } })
    await provider.chat(request)
    const { headers } = server.requests[0]!
    expect(headers.authorization).toBe(`Bearer ${server.apiKey}`)
    expect(headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(headers['anthropic-beta']).toBe('fast-mode-2026-02-01')
  })

  it('streams text deltas in order, with usage from message_start and message_delta, cached prompt tokens included', async () => {
    const reply = message({ content: [text('Hello, world!')], usage: { input_tokens: 20, cache_read_input_tokens: 1200, cache_creation_input_tokens: 300, output_tokens: 4 } })
    const { server, provider } = await providerFor({ events: messageEvents(reply) })
    const result = await chatStreaming(provider, request)
    expect(result.tokens).toEqual(['Hello,', ' world!'])
    expect(result).toMatchObject({ text: 'Hello, world!', usage: { promptTokens: 1520, completionTokens: 4, cachedPromptTokens: 1200 }, finishReason: 'stop' })
    expect(server.requests[0]!.body.stream).toBe(true)
  })

  it('returns parallel tool calls streamed as tool_use blocks, with their input parsed', async () => {
    const reply = message({ content: [thinking('Two cities, two lookups.'), toolUse('get_weather', { city: 'Paris' }, 'toolu_01A'), toolUse('get_weather', { city: 'Oslo' }, 'toolu_01B')] })
    const { server, provider } = await providerFor({ events: messageEvents(reply) })
    const result = await chatStreaming(provider, { ...request, tools: [weatherTool] })
    expect(result).toMatchObject({
      text: '',
      tokens: [],
      toolCalls: [
        { id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'toolu_01B', name: 'get_weather', arguments: { city: 'Oslo' } }
      ],
      finishReason: 'tool_calls'
    })
    expect(server.requests[0]!.body.tools).toEqual([{ name: 'get_weather', description: 'Weather now', input_schema: weatherTool.parameters }])
  })

  it('sends a tool-use turn back with its thinking, exactly as the vendor answered it', async () => {
    const asked = message({ content: [thinking('Oslo needs a lookup.'), toolUse('get_weather', { city: 'Oslo' })] })
    const replies = [json(asked), json(message({ content: [text('It is 4 °C in Oslo.')] }))]
    const { server, provider } = await providerFor(() => replies.shift()!)
    const first = await provider.chat({ ...request, tools: [weatherTool] })
    const second = await provider.chat({
      ...request,
      tools: [weatherTool],
      messages: [
        ...request.messages,
        { role: 'assistant', content: first.text, toolCalls: first.toolCalls, vendorData: first.vendorData },
        { role: 'tool', toolCallId: first.toolCalls[0]!.id, content: '{"celsius":4}' }
      ]
    })
    expect(second.text).toBe('It is 4 °C in Oslo.')
    // The turn travels with the conversation, tagged with a digest of the account (never the key).
    expect(first.vendorData).toEqual({ anthropic: { account: expect.stringMatching(/^[0-9a-f]{16}$/), content: expect.any(Array) } })
    expect(JSON.stringify(first.vendorData)).not.toContain(server.apiKey)
    const { content } = asked
    expect(server.requests[1]!.body.messages[1]).toEqual({ role: 'assistant', content: [content[0], { type: 'tool_use', id: first.toolCalls[0]!.id, name: 'get_weather', input: { city: 'Oslo' } }] })
  })

  it('sends a streamed tool-use turn back with the thinking its deltas carried', async () => {
    const asked = message({ content: [thinking('Oslo needs a lookup.'), toolUse('get_weather', { city: 'Oslo' })] })
    const replies = [{ events: messageEvents(asked) }, json(message({ content: [text('It is 4 °C in Oslo.')] }))]
    const { server, provider } = await providerFor(() => replies.shift()!)
    const first = await chatStreaming(provider, { ...request, tools: [weatherTool] })
    const toolCall = first.toolCalls[0]!
    await provider.chat({
      ...request,
      tools: [weatherTool],
      messages: [...request.messages, { role: 'assistant', content: first.text, toolCalls: first.toolCalls, vendorData: first.vendorData }, { role: 'tool', toolCallId: toolCall.id, content: '{"celsius":4}' }]
    })
    expect(server.requests[1]!.body.messages[1].content).toEqual([asked.content[0], { type: 'tool_use', id: toolCall.id, name: 'get_weather', input: { city: 'Oslo' } }])
  })

  it("can only rebuild a turn whose thinking did not come with it (dropped, or another account's), which the vendor refuses when the model had thought", async () => {
    const asked = message({ content: [thinking('Oslo needs a lookup.'), toolUse('get_weather', { city: 'Oslo' })] })
    const { server, provider } = await providerFor(json(asked))
    const first = await provider.chat({ ...request, tools: [weatherTool] })
    const refused = { reason: 'bad_request', message: expect.stringContaining('Expected `thinking` or `redacted_thinking`, but found `tool_use`') }
    const conversation = (vendorData?: ChatRequest['messages'][number]['vendorData']): ChatRequest => ({
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: '', toolCalls: first.toolCalls, ...(vendorData && { vendorData }) },
        { role: 'tool', toolCallId: first.toolCalls[0]!.id, content: '{"celsius":4}' }
      ]
    })
    await expect(provider.chat(conversation())).rejects.toMatchObject(refused)
    // Another account's thinking is not sent (its signature is not this account's): rebuilt, refused.
    const otherAccount = createTestProvider(createAnthropicProviderKind(), { baseUrl: server.url, apiKey: 'sk-ant-api03-another-account' })
    await expect(otherAccount.chat(conversation(first.vendorData))).rejects.toMatchObject({ reason: 'auth' })
    expect(server.requests.at(-1)!.body.messages[1].content).toEqual([{ type: 'tool_use', id: first.toolCalls[0]!.id, name: 'get_weather', input: { city: 'Oslo' } }])
  })

  it('sends a response format as structured outputs, and asks in words for one it cannot take', async () => {
    const { server, provider } = await providerFor(json(message({ content: [text('{"city":"Oslo"}')] })))
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
    await provider.chat({ ...request, responseFormat: { type: 'json_schema', name: 'place', schema } })
    expect(server.requests[0]!.body.output_config).toEqual({ format: { type: 'json_schema', schema: { ...schema, additionalProperties: false } } })
    await provider.chat({ ...request, responseFormat: { type: 'json_schema', name: 'names', schema: { type: 'array', items: { type: 'string' } } } })
    expect(server.requests[1]!.body.output_config).toBeUndefined()
    expect(server.requests[1]!.body.system).toContain('valid against this JSON Schema (named names)')
  })

  it('refuses to call without a key, sending nothing', async () => {
    const { server } = await providerFor(json(message({ content: [text('never')] })))
    const keyless = createTestProvider(anthropicProviderKind, { baseUrl: server.url })
    await expect(keyless.chat(request)).rejects.toMatchObject({ name: 'LlmProviderError', reason: 'auth', retryable: true })
    expect(server.requests).toEqual([])
  })

  it('rejects options its schema does not describe', () => {
    expect(() => createTestProvider(anthropicProviderKind, { options: { max_tokens: 100 } })).toThrow(/must NOT have additional properties/)
    expect(() => createTestProvider(anthropicProviderKind, { options: { maxTokens: 0 } })).toThrow(/maxTokens/)
    expect(() => createTestProvider(anthropicProviderKind, { options: { headers: { 'anthropic-beta': 1 } } })).toThrow(/headers/)
  })
})

describe('operator settings', () => {
  it("seeds a provider on the operator's key, at Anthropic's API unless a base URL is set", () => {
    expect(anthropicOperatorEndpoint({})).toBeUndefined()
    expect(anthropicOperatorEndpoint({ baseUrl: 'https://gateway.example' })).toBeUndefined()
    expect(anthropicOperatorEndpoint({ apiKey: 'sk-ant-operator' })).toEqual({ baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-operator' })
    expect(anthropicSeeds({ settings: {} })).toEqual([])
    expect(anthropicSeeds({ settings: {}, operatorEndpoint: { baseUrl: 'https://api.anthropic.com' } })).toEqual([
      { name: 'Anthropic (server default)', baseUrl: 'https://api.anthropic.com', operatorCredential: true, priority: 20 }
    ])
  })
})
