import { LlmProviderError, type ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions, rejectionOf } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { chunk, completionReply, errorReply, startFakeOpenAi, type FakeHandler, type FakeOpenAi } from '../test/fake-openai-server.js'
import { openAiProviderKind } from './openai-provider.js'

const apiKey = 'sk-test-0123456789'
const request: ChatRequest = { model: 'gpt-test', messages: [{ role: 'user', content: 'Say hello' }] }

let server: FakeOpenAi | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(handler: FakeHandler, config: TestProviderOptions = {}) {
  server = await startFakeOpenAi({ 'POST /chat/completions': handler })
  return createTestProvider(openAiProviderKind, { baseUrl: server.url, apiKey, ...config })
}

describe('openai provider errors', () => {
  it('makes a 500 retryable, with its status', async () => {
    const provider = await providerFor(errorReply(500, 'The server had an error'))
    const error = await rejectionOf(provider.chat(request))
    expect(error).toBeInstanceOf(LlmProviderError)
    expect(error).toMatchObject({ retryable: true, status: 500 })
    expect(server?.requests).toHaveLength(1)
  })

  it('makes a 429 retryable', async () => {
    const provider = await providerFor(errorReply(429, 'Rate limit reached', 'rate_limit_exceeded'))
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ name: 'LlmProviderError', retryable: true, status: 429 })
  })

  it('makes a 401 an auth failure (the next provider, with a key of its own, is tried), without the key in the message', async () => {
    const provider = await providerFor(errorReply(401, `Incorrect API key provided: ${apiKey}`, 'invalid_request_error'))
    const error = await rejectionOf(provider.chat(request))
    expect(error).toMatchObject({ name: 'LlmProviderError', reason: 'auth', retryable: true, status: 401 })
    expect(error.message).toContain('Incorrect API key provided')
    expect(error.message).not.toContain(apiKey)
  })

  it('makes a 400 final', async () => {
    const provider = await providerFor(errorReply(400, 'Unknown model', 'invalid_request_error'))
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'bad_request', retryable: false, status: 400 })
  })

  it('makes a refused connection retryable', async () => {
    const closed = await startFakeOpenAi({})
    await closed.close()
    const provider = createTestProvider(openAiProviderKind, { baseUrl: closed.url, apiKey })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ name: 'LlmProviderError', retryable: true })
  })

  it('makes a hanging server a retryable timeout', async () => {
    const provider = await providerFor({ hang: true }, { timeoutMs: 200 })
    const started = Date.now()
    const error = await rejectionOf(provider.chat(request))
    expect(error).toMatchObject({ name: 'LlmProviderError', retryable: true, message: 'The request timed out after 200 ms' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out a stream that stalls after the headers', async () => {
    const provider = await providerFor({ stream: [chunk({ content: 'Hel' }), chunk({ content: 'lo' })], chunkDelayMs: 1000 }, { timeoutMs: 300 })
    const error = await rejectionOf(chatStreaming(provider, request))
    expect(error).toMatchObject({ name: 'LlmProviderError', retryable: true, message: 'The request timed out after 300 ms' })
  })

  it('rejects with an AbortError, quickly, when the caller aborts', async () => {
    const provider = await providerFor({ hang: true })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const error = await rejectionOf(provider.chat(request, { signal: controller.signal }))
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const provider = await providerFor(completionReply({ content: 'never' }))
    expect((await rejectionOf(provider.chat(request, { signal: AbortSignal.abort() }))).name).toBe('AbortError')
    expect(server?.requests).toEqual([])
  })

  it('rejects with an AbortError when the caller aborts mid-stream', async () => {
    const provider = await providerFor({ stream: [chunk({ content: 'one ' }), chunk({ content: 'two ' }), chunk({ content: 'three' })], chunkDelayMs: 100 })
    const controller = new AbortController()
    const tokens: string[] = []
    const chat = provider.chat(request, {
      signal: controller.signal,
      onToken: (token) => {
        tokens.push(token)
        controller.abort()
      }
    })
    expect((await rejectionOf(chat)).name).toBe('AbortError')
    expect(tokens).toEqual(['one '])
  })

  it('makes a stream the server closes before its finish reason retryable instead of a complete reply', async () => {
    const provider = await providerFor({ stream: [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Half an ans' })], done: false })
    const error = await rejectionOf(chatStreaming(provider, request))
    expect(error).toMatchObject({ name: 'LlmProviderError', retryable: true, message: 'The stream ended before the reply was complete' })
  })

  it('makes a connection lost mid-stream retryable', async () => {
    const provider = await providerFor({ stream: [chunk({ content: 'one ' }), chunk({ content: 'two' }), chunk({}, 'stop')], chunkDelayMs: 100 })
    const dropping = server!
    server = undefined
    let closed: Promise<void> | undefined
    const chat = provider.chat(request, { onToken: () => void (closed ??= dropping.close()) })
    expect(await rejectionOf(chat)).toMatchObject({ name: 'LlmProviderError', retryable: true, status: undefined })
    await closed
  })
})
