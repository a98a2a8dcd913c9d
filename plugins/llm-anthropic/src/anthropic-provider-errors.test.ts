import { LlmProviderError, type ChatRequest } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions, rejectionOf } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { apiError, errorEvent, message, messageEvents, startFakeAnthropic, text, type FakeAnthropic, type FakeHandler } from '../test/anthropic-stand-in.js'
import { anthropicProviderKind } from './anthropic-provider.js'

const request: ChatRequest = { model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'Tell me a story' }] }
const story = messageEvents(message({ content: [text('Once upon a time there was a fox.')] }))
const firstDelta = story.findIndex((event) => event.event === 'content_block_delta')

let server: FakeAnthropic | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(handler: FakeHandler, config: TestProviderOptions = {}) {
  server = await startFakeAnthropic(handler)
  return createTestProvider(anthropicProviderKind, { baseUrl: server.url, apiKey: server.apiKey, ...config })
}

describe('anthropic provider errors', () => {
  it('raises an overload sent as an error event after the 200 as overloaded, worth the next provider', async () => {
    const provider = await providerFor({ events: [...story.slice(0, firstDelta + 1), errorEvent('overloaded_error', 'Overloaded')] })
    const tokens: string[] = []
    const error = await rejectionOf(provider.chat(request, { onToken: (token) => tokens.push(token) }))
    expect(error).toMatchObject({ name: 'LlmProviderError', reason: 'overloaded', retryable: true, status: undefined })
    expect(error.message).toContain('Overloaded')
    expect(tokens).toEqual(['Once'])
  })

  it('raises a stream that ends without message_stop as a cut stream, not as a complete reply', async () => {
    const provider = await providerFor({ events: story.slice(0, firstDelta + 2) })
    const error = await rejectionOf(chatStreaming(provider, request))
    expect(error).toMatchObject({ reason: 'cut_stream', retryable: true, message: 'The stream ended before the reply was complete' })
  })

  it('raises a connection lost mid-stream as a cut stream', async () => {
    const provider = await providerFor({ events: story.slice(0, firstDelta + 2), then: 'drop' })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true })
  })

  it('raises a refused connection as a network failure', async () => {
    const closed = await startFakeAnthropic(apiError(500, 'api_error', 'unused'))
    await closed.close()
    const provider = createTestProvider(anthropicProviderKind, { baseUrl: closed.url, apiKey: closed.apiKey })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ name: 'LlmProviderError', reason: 'network', retryable: true })
  })

  it('raises a hanging server as a timeout, in time', async () => {
    const provider = await providerFor({ hang: true }, { timeoutMs: 200 })
    const started = Date.now()
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'timeout', retryable: true, message: 'The request timed out after 200 ms' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out a stream that stalls after the headers', async () => {
    const provider = await providerFor({ events: story, eventDelayMs: 1000 }, { timeoutMs: 300 })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'timeout', message: 'The request timed out after 300 ms' })
  })

  it('rejects with an AbortError, quickly, when the caller aborts mid-stream', async () => {
    const provider = await providerFor({ events: story, eventDelayMs: 100 })
    const controller = new AbortController()
    const tokens: string[] = []
    const started = Date.now()
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
    expect(tokens).toEqual(['Once'])
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const provider = await providerFor({ events: story })
    expect((await rejectionOf(provider.chat(request, { signal: AbortSignal.abort() }))).name).toBe('AbortError')
    expect(server?.requests).toEqual([])
  })

  it('keeps the key out of a message that echoes it', async () => {
    const provider = await providerFor(() => apiError(401, 'authentication_error', `invalid x-api-key: ${server!.apiKey}`))
    const error = await rejectionOf(provider.chat(request))
    expect(error).toMatchObject({ reason: 'auth', retryable: true, status: 401 })
    expect(error.message).toContain('invalid x-api-key: [redacted]')
    expect(error.message).not.toContain(server!.apiKey)
  })

  it('raises a request the API refuses as a bad request, naming what is wrong, with no failover', async () => {
    const provider = await providerFor({ events: story })
    const unanswered: ChatRequest = { ...request, messages: [...request.messages, { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_01X', name: 'now', arguments: {} }] }, { role: 'user', content: 'Well?' }] }
    const error = await rejectionOf(provider.chat(unanswered))
    expect(error).toMatchObject({ reason: 'bad_request', retryable: false, status: 400 })
    expect(error.message).toContain('`tool_use` ids were found without `tool_result` blocks immediately after: toolu_01X')
  })
})
