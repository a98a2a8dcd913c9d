import { LlmProviderError, type ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions, rejectionOf } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { chunk, geminiErrors, googleError, lastChunk, promptBlocked, startFakeGemini, textResponse, type FakeGemini, type FakeRoutes } from '../test/fake-gemini-server.js'
import { geminiProviderKind } from './gemini-provider.js'

const apiKey = 'AIzaSyErrors0123456789abcdefghijklmn'
const request: ChatRequest = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Say hello' }] }

let server: FakeGemini | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(routes: FakeRoutes, config: TestProviderOptions = {}) {
  server = await startFakeGemini(routes)
  return createTestProvider(geminiProviderKind, { baseUrl: server.url, apiKey, ...config })
}

describe('gemini provider errors', () => {
  it('makes a key Google refuses an auth failure, worth the next provider, in its words', async () => {
    const provider = await providerFor({ generateContent: geminiErrors.invalidApiKey() })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({
      name: 'LlmProviderError',
      reason: 'auth',
      retryable: true,
      status: 400,
      message: 'HTTP 400: INVALID_ARGUMENT: API key not valid. Please pass a valid API key.'
    })
    expect(server?.requests).toHaveLength(1)
  })

  it('takes the wait of a 429 from RetryInfo, and from Retry-After when Google sends only that', async () => {
    const provider = await providerFor({ generateContent: geminiErrors.rateLimited(31) })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'rate_limited', retryable: true, status: 429, retryAfterMs: 31_000 })
    await server!.close()
    const headerOnly = await providerFor({ generateContent: googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', [], { 'retry-after': '9' }) })
    expect(await rejectionOf(headerOnly.chat(request))).toMatchObject({ reason: 'rate_limited', retryAfterMs: 9000 })
  })

  it('makes 503 UNAVAILABLE overloaded, 500 a server failure and 504 a timeout, all worth the next provider', async () => {
    const provider = await providerFor({
      generateContent: (sent) => [geminiErrors.overloaded(), geminiErrors.internal(), geminiErrors.deadlineExceeded()][server!.requests.indexOf(sent)]!
    })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'overloaded', retryable: true, status: 503 })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'server', retryable: true, status: 500 })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'timeout', retryable: true, status: 504 })
  })

  it('makes an input over the model window context_too_long and an unknown model a bad request, neither worth a failover', async () => {
    const provider = await providerFor({ generateContent: (sent) => (sent.model === 'gemini-9' ? geminiErrors.modelNotFound('gemini-9') : geminiErrors.contextTooLong()) })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'context_too_long', retryable: false, status: 400 })
    expect(await rejectionOf(provider.chat({ ...request, model: 'gemini-9' }))).toMatchObject({ reason: 'bad_request', retryable: false, status: 404 })
  })

  it('makes a request the API refuses a bad request naming what is wrong', async () => {
    const provider = await providerFor({ generateContent: { json: textResponse('never') } })
    const error = await rejectionOf(provider.chat({ ...request, messages: [{ role: 'tool', toolCallId: 'call_1', name: 'bad name!', content: '{}' }] }))
    expect(error).toMatchObject({ reason: 'bad_request', retryable: false, status: 400 })
    expect(error.message).toContain('contents[0].parts[0].functionResponse.name')
  })

  it("reads a proxy's HTML error page by its status", async () => {
    const provider = await providerFor({ generateContent: { text: '<html><body>502 Bad Gateway</body></html>', status: 502 } })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'server', retryable: true, status: 502, message: 'HTTP 502: <html><body>502 Bad Gateway</body></html>' })
  })

  it('makes a prompt Gemini blocked content_filtered, streamed or not, never worth a failover', async () => {
    const provider = await providerFor({ generateContent: { json: promptBlocked('SAFETY') }, streamGenerateContent: { stream: [promptBlocked('PROHIBITED_CONTENT')] } })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'content_filtered', retryable: false, message: 'Gemini blocked the prompt (SAFETY)' })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'content_filtered', message: 'Gemini blocked the prompt (PROHIBITED_CONTENT)' })
  })

  it('hands back what a stream said before a filter stopped it, as content_filter', async () => {
    const provider = await providerFor({ streamGenerateContent: { stream: [chunk([{ text: 'Step one: ' }]), lastChunk([{ text: '' }], { finishReason: 'SAFETY' })] } })
    expect(await chatStreaming(provider, request)).toMatchObject({ tokens: ['Step one: '], text: 'Step one: ', finishReason: 'content_filter' })
  })

  it('fails a stream with the error Google sends as an event, or unframed at its end', async () => {
    const provider = await providerFor({
      streamGenerateContent: (sent) =>
        server!.requests.indexOf(sent) === 0
          ? { stream: [chunk([{ text: 'Hel' }]), { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } }] }
          : { stream: [chunk([{ text: 'Hel' }])], unframed: JSON.stringify({ error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' } }, null, 2) }
    })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'overloaded', retryable: true, message: 'HTTP 503: UNAVAILABLE: The model is overloaded. Please try again later.' })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'server', retryable: true })
  })

  it('makes a stream that ends before its finish reason a cut stream instead of a complete answer', async () => {
    const provider = await providerFor({ streamGenerateContent: { stream: [chunk([{ text: 'Half an ans' }])] } })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true, message: 'The stream ended before the answer was complete' })
  })

  it('makes a connection lost mid-stream a cut stream', async () => {
    const provider = await providerFor({ streamGenerateContent: { stream: [chunk([{ text: 'one ' }]), chunk([{ text: 'two' }])], dropConnection: true } })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ name: 'LlmProviderError', reason: 'cut_stream', retryable: true })
  })

  it('makes a refused connection a network failure', async () => {
    const closed = await startFakeGemini({})
    await closed.close()
    const provider = createTestProvider(geminiProviderKind, { baseUrl: closed.url, apiKey })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ name: 'LlmProviderError', reason: 'network', retryable: true })
  })

  it('makes a server that never answers a timeout', async () => {
    const provider = await providerFor({ generateContent: { hang: true } }, { timeoutMs: 200 })
    const started = Date.now()
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'timeout', retryable: true, message: 'The request timed out after 200 ms' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out a stream that stalls after its headers', async () => {
    const provider = await providerFor({ streamGenerateContent: { stream: [chunk([{ text: 'Hel' }]), lastChunk([{ text: 'lo' }])], chunkDelayMs: 1000 } }, { timeoutMs: 300 })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'timeout', message: 'The request timed out after 300 ms' })
  })

  it('rejects with an AbortError, quickly, when the caller aborts', async () => {
    const provider = await providerFor({ generateContent: { hang: true } })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const error = await rejectionOf(provider.chat(request, { signal: controller.signal }))
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const provider = await providerFor({ generateContent: { json: textResponse('never') } })
    expect((await rejectionOf(provider.chat(request, { signal: AbortSignal.abort() }))).name).toBe('AbortError')
    expect(server?.requests).toEqual([])
  })

  it('stops reading a stream the caller aborts, even with chunks already arrived', async () => {
    const provider = await providerFor({ streamGenerateContent: { stream: [chunk([{ text: 'one ' }]), chunk([{ text: 'two ' }]), lastChunk([{ text: 'three' }])] } })
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

  it('never puts the key in a message, even when Google quotes it', async () => {
    const provider = await providerFor({ generateContent: googleError(400, 'INVALID_ARGUMENT', `API key expired: ${apiKey}. Please renew the API key.`, [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }]) })
    const error = await rejectionOf(provider.chat(request))
    expect(error).toMatchObject({ reason: 'auth', message: 'HTTP 400: INVALID_ARGUMENT: API key expired: [redacted]. Please renew the API key.' })
  })
})
