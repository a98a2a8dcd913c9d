import { LlmProviderError, type ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions, rejectionOf } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { errorReply, mistralErrors, startFakeMistral, streamChunks, type FakeMistral, type FakeReply } from '../test/fake-mistral-server.js'
import { assertNoDedicatedTelemetry } from './mistral-client.js'
import { mistralProviderKind } from './mistral-provider.js'

const apiKey = 'mistral-test-key-0123456789'
const model = 'mistral-small-latest'
const request: ChatRequest = { model, messages: [{ role: 'user', content: 'Say hello' }] }

let fake: FakeMistral | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function providerFor(reply: FakeReply | undefined, config: TestProviderOptions = {}) {
  fake = await startFakeMistral()
  if (reply) fake.reply(reply)
  return createTestProvider(mistralProviderKind, { baseUrl: fake.url, apiKey, ...config })
}

describe('mistral provider failures', () => {
  it('makes a 500 a server failure, retryable, with its status', async () => {
    const provider = await providerFor(mistralErrors.serverError())
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ name: 'LlmProviderError', reason: 'server', retryable: true, status: 500 })
  })

  it("makes Mistral's capacity 429 overloaded and its rate limit 429 rate limited, with the wait it asked for", async () => {
    const provider = await providerFor(mistralErrors.capacityExceeded(3))
    fake!.reply(mistralErrors.rateLimited(7))
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'overloaded', retryable: true, retryAfterMs: 3000 })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'rate_limited', retryable: true, retryAfterMs: 7000 })
  })

  it('never puts the key in a message, even when the server echoes it', async () => {
    const provider = await providerFor(errorReply(401, `Invalid API key ${apiKey}`, 'authentication_error'))
    const error = await rejectionOf(provider.chat(request))
    expect(error).toMatchObject({ reason: 'auth', retryable: true, status: 401 })
    expect(error.message).toContain('Invalid API key')
    expect(error.message).not.toContain(apiKey)
  })

  it('makes a refused connection a network failure', async () => {
    const closed = await startFakeMistral()
    await closed.close()
    const provider = createTestProvider(mistralProviderKind, { baseUrl: closed.url, apiKey })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'network', retryable: true })
  })

  it('makes a server that never answers a timeout', async () => {
    const provider = await providerFor({ hang: true }, { timeoutMs: 200 })
    const started = Date.now()
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'timeout', retryable: true, message: 'The request timed out after 200 ms' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out a stream that stalls after its first tokens', async () => {
    const provider = await providerFor({ stream: streamChunks(model, [{ role: 'assistant', content: '' }, { content: 'Hel' }]), end: 'hang' }, { timeoutMs: 300 })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'timeout', message: 'The request timed out after 300 ms' })
  })

  it('makes a stream that ends without a finish reason a cut stream, not a complete answer', async () => {
    const provider = await providerFor({ stream: streamChunks(model, [{ role: 'assistant', content: '' }, { content: 'Half an ans' }]), end: 'quiet' })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true, message: 'The stream ended before the answer was complete' })
  })

  it('makes a connection dropped mid-stream a cut stream', async () => {
    const provider = await providerFor({ stream: streamChunks(model, [{ role: 'assistant', content: '' }, { content: 'Once' }]), end: 'cut' })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true })
  })

  it('aborts the HTTP request at once when the caller cancels mid-stream, with an AbortError', async () => {
    const provider = await providerFor({ stream: streamChunks(model, [{ role: 'assistant', content: '' }, { content: 'one ' }]), end: 'hang' })
    const controller = new AbortController()
    const tokens: string[] = []
    const chat = provider.chat(request, {
      signal: controller.signal,
      onToken: (token) => {
        tokens.push(token)
        controller.abort()
      }
    })
    const error = await rejectionOf(chat)
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
    expect(tokens).toEqual(['one '])
    await vi.waitFor(() => expect(fake!.requests[0].clientClosed).toBe(true))
  })

  it('sends nothing when the signal is already aborted', async () => {
    const provider = await providerFor(undefined)
    expect((await rejectionOf(provider.chat(request, { signal: AbortSignal.abort() }))).name).toBe('AbortError')
    expect(fake!.requests).toEqual([])
  })

  it('makes a failed embedding call the failure it is', async () => {
    const provider = await providerFor(undefined)
    fake!.reply(mistralErrors.unauthorized(), '/v1/embeddings')
    expect(await rejectionOf(provider.embed!({ model: 'mistral-embed', texts: ['a'] }))).toMatchObject({ reason: 'auth', status: 401 })
  })

  it('refuses to make providers while the SDK would export traces with tenant keys', () => {
    vi.stubEnv('MISTRAL_SDK_TELEMETRY', 'dedicated')
    try {
      expect(() => createTestProvider(mistralProviderKind, { apiKey })).toThrow(/MISTRAL_SDK_TELEMETRY=dedicated/)
    } finally {
      vi.unstubAllEnvs()
    }
    expect(() => assertNoDedicatedTelemetry({ MISTRAL_SDK_TELEMETRY: ' Dedicated ' })).toThrow()
    expect(() => assertNoDedicatedTelemetry({ MISTRAL_SDK_TELEMETRY: 'global' })).not.toThrow()
    expect(() => assertNoDedicatedTelemetry({})).not.toThrow()
  })
})
