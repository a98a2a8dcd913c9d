import { LlmProviderError, type ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions, rejectionOf } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import {
  contentLine,
  doneLine,
  errorLine,
  errorReply,
  failureReply,
  modelNotFoundReply,
  startFakeOllama,
  textReply,
  type FakeHandler,
  type FakeOllama
} from '../test/fake-ollama-server.js'
import { ollamaProviderKind } from './ollama-provider.js'

const apiKey = 'olp-proxy-0123456789'
const request: ChatRequest = { model: 'llama3.2', messages: [{ role: 'user', content: 'Say hello' }] }

let server: FakeOllama | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(routes: Record<string, FakeHandler>, config: TestProviderOptions = {}) {
  server = await startFakeOllama(routes)
  return createTestProvider(ollamaProviderKind, { baseUrl: server.url, apiKey, ...config })
}

describe('ollama provider errors', () => {
  it('says a model that is not pulled must be pulled, as a bad request not worth a failover', async () => {
    const provider = await providerFor({ 'POST /api/chat': modelNotFoundReply('qwen3:8b') })
    const error = await rejectionOf(provider.chat({ ...request, model: 'qwen3:8b' }))
    expect(error).toBeInstanceOf(LlmProviderError)
    expect(error).toMatchObject({ reason: 'bad_request', retryable: false, status: 404 })
    expect(error.message).toContain('must be pulled on the Ollama server first (ollama pull qwen3:8b)')
  })

  it('reads a full queue (503) as overloaded', async () => {
    const provider = await providerFor({ 'POST /api/chat': failureReply('overloaded') })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'overloaded', retryable: true, status: 503 })
  })

  it("reads a proxy's 429 with its retry-after", async () => {
    const provider = await providerFor({ 'POST /api/chat': failureReply('rate_limited', 30) })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'rate_limited', retryable: true, status: 429, retryAfterMs: 30_000 })
  })

  it("reads a proxy's error page that is not JSON by its status", async () => {
    const provider = await providerFor({ 'POST /api/chat': { status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } } })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'server', retryable: true, status: 502 })
  })

  it('keeps the key out of the message when a proxy echoes it', async () => {
    const provider = await providerFor({ 'POST /api/chat': errorReply(401, `invalid key ${apiKey}`) })
    const error = await rejectionOf(provider.chat(request))
    expect(error).toMatchObject({ reason: 'auth', retryable: true })
    expect(error.message).toBe('HTTP 401: invalid key [redacted]')
  })

  it('reads an error line in a 200 stream as a cut stream', async () => {
    const provider = await providerFor({ 'POST /api/chat': { lines: [contentLine('Yes'), contentLine('.'), errorLine()] } })
    const error = await rejectionOf(chatStreaming(provider, request))
    expect(error).toMatchObject({
      name: 'LlmProviderError',
      reason: 'cut_stream',
      retryable: true,
      message: 'The reply stopped before it was complete: an error was encountered while running the model'
    })
  })

  it('reads a stream that ends without its done line as a cut stream, with or without onToken', async () => {
    const provider = await providerFor({ 'POST /api/chat': failureReply('cut_stream') })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'cut_stream', retryable: true })
  })

  it('reads a connection lost mid-stream as a cut stream', async () => {
    const provider = await providerFor({ 'POST /api/chat': { lines: [contentLine('one'), contentLine(' two')], lineDelayMs: 20, drop: true } })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true, status: undefined })
  })

  it('reads a refused connection as a network failure', async () => {
    const closed = await startFakeOllama({})
    await closed.close()
    const provider = createTestProvider(ollamaProviderKind, { baseUrl: closed.url })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'network', retryable: true })
  })

  it('reads a server that never answers as a timeout, in time', async () => {
    const provider = await providerFor({ 'POST /api/chat': { hang: true } }, { timeoutMs: 200 })
    const started = Date.now()
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'timeout', retryable: true, message: 'The request timed out after 200 ms' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out a stream that stalls after its first lines', async () => {
    const provider = await providerFor({ 'POST /api/chat': { lines: [contentLine('Hel'), contentLine('lo')], stall: true } }, { timeoutMs: 300 })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'timeout', retryable: true })
  })

  it('rejects with an AbortError, quickly, when the caller aborts a call still waiting for its headers', async () => {
    const provider = await providerFor({ 'POST /api/chat': { hang: true } })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const error = await rejectionOf(provider.chat(request, { signal: controller.signal }))
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const provider = await providerFor({ 'POST /api/chat': textReply('never') })
    expect((await rejectionOf(provider.chat(request, { signal: AbortSignal.abort() }))).name).toBe('AbortError')
    expect(server?.requests).toEqual([])
  })

  it('stops at the first token when the caller aborts mid-stream', async () => {
    const provider = await providerFor({ 'POST /api/chat': { lines: [contentLine('one '), contentLine('two '), contentLine('three'), doneLine()], lineDelayMs: 50 } })
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

  it('reads an embedding input longer than the context as context_too_long, since it asks Ollama not to truncate', async () => {
    const provider = await providerFor({ 'POST /api/embed': errorReply(400, 'the input length exceeds the context length') })
    const error = await rejectionOf(provider.embed!({ model: 'nomic-embed-text', texts: ['a very long document'] }))
    expect(error).toMatchObject({ reason: 'context_too_long', retryable: false, status: 400 })
  })

  it('aborts an embedding call with the caller', async () => {
    const provider = await providerFor({ 'POST /api/embed': { hang: true } })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    expect((await rejectionOf(provider.embed!({ model: 'nomic-embed-text', texts: ['a'] }, { signal: controller.signal }))).name).toBe('AbortError')
  })
})
