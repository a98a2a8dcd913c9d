import { LlmProviderError, type ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions, rejectionOf } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import {
  azureError,
  chunk,
  completion,
  contextTooLong,
  filteredStream,
  passedFilters,
  promptFilterChunk,
  promptFiltered,
  rateLimited,
  serviceUnavailable,
  startFakeAzureOpenAi,
  textStream,
  type FakeAzureOpenAi,
  type FakeHandler
} from '../test/fake-azure-openai.js'
import { azureOpenAiProviderKind } from './azure-openai-provider.js'

const apiKey = '9e8d7c6b5a4f30211f2e3d4c5b6a7980'
const model = 'gpt-4o-mini-2024-07-18'
const ask: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] }

let fake: FakeAzureOpenAi | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function providerFor(chat: FakeHandler, config: TestProviderOptions = {}) {
  fake = await startFakeAzureOpenAi({ apiKey, deployments: { 'gpt-4o-mini': { model, chat } } })
  return createTestProvider(azureOpenAiProviderKind, { baseUrl: fake.url, apiKey, ...config })
}

describe('azure-openai content filter', () => {
  it('makes the 400 for a filtered prompt content_filtered, naming the categories from innererror', async () => {
    const provider = await providerFor(promptFiltered())
    const error = await rejectionOf(provider.chat(ask))
    expect(error).toBeInstanceOf(LlmProviderError)
    expect(error).toMatchObject({ reason: 'content_filtered', retryable: false, status: 400 })
    expect(error.message).toMatch(/^HTTP 400: The response was filtered due to the prompt triggering Azure OpenAI's content management policy\./)
    expect(error.message).toMatch(/\(filtered: hate \(high\), violence \(medium\)\)$/)
  })

  it('makes a 200 whose choice ends with finish_reason content_filter content_filtered too', async () => {
    const verdict = { ...passedFilters, sexual: { filtered: true, severity: 'medium' } }
    const provider = await providerFor(completion({ model, content: null, finishReason: 'content_filter', filterResults: verdict, usage: { prompt_tokens: 12, completion_tokens: 30 } }))
    expect(await rejectionOf(provider.chat(ask))).toMatchObject({
      reason: 'content_filtered',
      retryable: false,
      message: "Azure OpenAI's content filter stopped the answer (finish_reason content_filter) (filtered: sexual (medium))"
    })
  })

  it('does the same for a stream the filter stops midway, after the text it let through', async () => {
    const provider = await providerFor(filteredStream(model, ['Hey', ' Jude'], { protected_material_text: { detected: true, filtered: true } }))
    const tokens: string[] = []
    const error = await rejectionOf(provider.chat(ask, { onToken: (token) => tokens.push(token) }))
    expect(tokens).toEqual(['Hey', ' Jude'])
    expect(error).toMatchObject({ reason: 'content_filtered', retryable: false })
    expect(error.message).toContain('(filtered: protected_material_text)')
  })

  it('makes a content_filter error sent inside the stream content_filtered', async () => {
    const provider = await providerFor({
      chunks: [promptFilterChunk(), chunk(model, { content: 'Once' }), { error: { code: 'content_filter', message: 'The response was filtered due to the prompt triggering content management policy.', status: 400 } }]
    })
    expect(await rejectionOf(chatStreaming(provider, ask))).toMatchObject({ reason: 'content_filtered', retryable: false })
  })
})

describe('azure-openai failures', () => {
  it("makes a 429 rate_limited with the wait of retry-after-ms, to the millisecond", async () => {
    const provider = await providerFor(rateLimited(1500))
    const error = await rejectionOf(provider.chat(ask))
    expect(error).toMatchObject({ reason: 'rate_limited', retryable: true, status: 429, retryAfterMs: 1500 })
    expect(error.message).toContain('exceeded token rate limit')
  })

  it('reads retry-after when retry-after-ms is absent', async () => {
    const provider = await providerFor(azureError(429, { code: '429', message: 'Rate limit is exceeded. Try again in 3 seconds.' }, { 'retry-after': '3' }))
    expect(await rejectionOf(provider.chat(ask))).toMatchObject({ reason: 'rate_limited', retryAfterMs: 3000 })
  })

  it('makes a wrong key an auth failure (the next provider has its own), without the key in the message', async () => {
    const provider = await providerFor(completion({ model, content: 'never', usage: { prompt_tokens: 1, completion_tokens: 1 } }), { apiKey: 'a-key-the-resource-does-not-have' })
    const error = await rejectionOf(provider.chat(ask))
    expect(error).toMatchObject({ reason: 'auth', retryable: true, status: 401 })
    expect(error.message).toContain('Access denied due to invalid subscription key')
  })

  it('scrubs the key from a message that quotes it', async () => {
    const provider = await providerFor(azureError(401, { code: '401', message: `Key ${apiKey} is disabled.` }))
    const error = await rejectionOf(provider.chat(ask))
    expect(error.message).toBe('HTTP 401: Key [redacted] is disabled.')
  })

  it('makes a 503 overloaded and a context length error context_too_long', async () => {
    const overloaded = await providerFor(serviceUnavailable())
    expect(await rejectionOf(overloaded.chat(ask))).toMatchObject({ reason: 'overloaded', retryable: true, status: 503, retryAfterMs: 10_000 })
    await fake!.close()
    const tooLong = await providerFor(contextTooLong())
    expect(await rejectionOf(tooLong.chat(ask))).toMatchObject({ reason: 'context_too_long', retryable: false, status: 400 })
  })

  it('makes a stream closed before its finish reason a cut stream', async () => {
    const provider = await providerFor({ chunks: [promptFilterChunk(), chunk(model, { content: 'Half an ans' })], done: false })
    expect(await rejectionOf(chatStreaming(provider, ask))).toMatchObject({ reason: 'cut_stream', retryable: true, message: 'The stream ended before the answer was complete' })
  })

  it('makes a server error sent inside the stream a cut stream', async () => {
    const provider = await providerFor({ chunks: [promptFilterChunk(), chunk(model, { content: 'Once' }), { error: { code: 'server_error', message: 'The server had an error while processing your request.' } }] })
    expect(await rejectionOf(chatStreaming(provider, ask))).toMatchObject({ reason: 'cut_stream', retryable: true, message: 'The server had an error while processing your request.' })
  })

  it('makes a refused connection a network failure', async () => {
    const closed = await startFakeAzureOpenAi({ apiKey, deployments: {} })
    await closed.close()
    const provider = createTestProvider(azureOpenAiProviderKind, { baseUrl: closed.url, apiKey })
    expect(await rejectionOf(provider.chat(ask))).toMatchObject({ reason: 'network', retryable: true })
  })

  it('times out a stream that stalls after the headers', async () => {
    const provider = await providerFor({ ...textStream(model, ['Hel', 'lo'], { prompt_tokens: 3, completion_tokens: 2 }), chunkDelayMs: 1000 }, { timeoutMs: 300 })
    expect(await rejectionOf(chatStreaming(provider, ask))).toMatchObject({ reason: 'timeout', retryable: true, message: 'The request timed out after 300 ms' })
  })
})

describe('azure-openai cancellation', () => {
  it('aborts the HTTP request when the caller aborts mid-stream', async () => {
    const provider = await providerFor({ chunks: [promptFilterChunk(), chunk(model, { content: 'one ' }), chunk(model, { content: 'two' })], holdOpen: true })
    const controller = new AbortController()
    const tokens: string[] = []
    const error = await rejectionOf(
      provider.chat(ask, {
        signal: controller.signal,
        onToken: (token) => {
          tokens.push(token)
          controller.abort()
        }
      })
    )
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
    expect(tokens).toEqual(['one '])
  })

  it('sends nothing when the signal is already aborted', async () => {
    const provider = await providerFor(completion({ model, content: 'never', usage: { prompt_tokens: 1, completion_tokens: 1 } }))
    expect((await rejectionOf(provider.chat(ask, { signal: AbortSignal.abort() }))).name).toBe('AbortError')
    expect(fake!.requests).toEqual([])
  })
})
