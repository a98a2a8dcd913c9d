import { LlmProviderError, type ChatRequest, type LlmFailureReason } from '@troupe/sdk/plugin'
import { chatStreaming, createTestProvider, type TestProviderOptions, rejectionOf } from '@troupe/sdk/plugin/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { apiError, converseReply, standInKey, startFakeBedrock, streamEvents, text, type FakeBedrock, type FakeHandler } from '../test/bedrock-stand-in.js'
import { bedrockProviderKind } from './bedrock-provider.js'

const request: ChatRequest = { model: 'anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: 'Tell me a story' }] }
const story = streamEvents(converseReply({ content: [text('Once upon a time there was a fox.')] }))

let server: FakeBedrock | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function providerFor(handler: FakeHandler, config: TestProviderOptions = {}) {
  server = await startFakeBedrock(handler)
  return createTestProvider(bedrockProviderKind, { baseUrl: server.url, apiKey: server.apiKey, options: { region: standInKey.region, accessKeyId: standInKey.accessKeyId }, ...config })
}

describe('bedrock errors', () => {
  const httpErrors: Array<[number, string, string, LlmFailureReason]> = [
    [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'auth'],
    [403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.", 'auth'],
    [403, 'ExpiredTokenException', 'The security token included in the request is expired', 'auth'],
    [429, 'ThrottlingException', 'Too many requests, please wait before trying again.', 'rate_limited'],
    [400, 'ServiceQuotaExceededException', 'Your request exceeds the service quota for your account.', 'rate_limited'],
    [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.', 'overloaded'],
    [429, 'ModelNotReadyException', 'The model is not ready to serve inference requests.', 'overloaded'],
    [500, 'InternalServerException', 'The server encountered an internal error.', 'server'],
    [424, 'ModelErrorException', 'The model produced an invalid sequence as part of ToolUse.', 'server'],
    [408, 'ModelTimeoutException', 'Model has timed out in processing the request.', 'timeout'],
    [400, 'ValidationException', 'Input is too long for requested model.', 'context_too_long'],
    [400, 'ValidationException', 'The model returned the following errors: prompt is too long: 215345 tokens > 200000 maximum', 'context_too_long'],
    [400, 'ValidationException', 'The provided model identifier is invalid.', 'bad_request'],
    [404, 'ResourceNotFoundException', 'Model not found.', 'bad_request']
  ]
  for (const [status, type, message, reason] of httpErrors) {
    it(`raises an HTTP ${status} ${type} as ${reason}`, async () => {
      const provider = await providerFor(apiError(status, type, message))
      const error = await rejectionOf(provider.chat(request))
      expect(error).toBeInstanceOf(LlmProviderError)
      expect(error).toMatchObject({ reason, retryable: LlmProviderError.of(reason, '').retryable, status })
      expect(error.message).toContain(message)
    })
  }

  it('reads the wait of a throttled call from its retry-after header', async () => {
    const provider = await providerFor(apiError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.', { 'retry-after': '3' }))
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'rate_limited', retryAfterMs: 3000 })
  })

  const streamExceptions: Array<[string, LlmFailureReason]> = [
    ['throttlingException', 'rate_limited'],
    ['serviceUnavailableException', 'overloaded'],
    ['internalServerException', 'server'],
    ['modelStreamErrorException', 'server'],
    ['validationException', 'bad_request']
  ]
  for (const [exception, reason] of streamExceptions) {
    it(`raises a ${exception} inside the event stream as ${reason}, after the tokens already handed out`, async () => {
      const provider = await providerFor({ messages: [...story.slice(0, 2), { exception, message: 'Something went wrong mid-stream.' }] })
      const tokens: string[] = []
      const error = await rejectionOf(provider.chat(request, { onToken: (token) => tokens.push(token) }))
      expect(error).toMatchObject({ name: 'LlmProviderError', reason, status: undefined })
      expect(tokens).toEqual(['Once'])
    })
  }

  it('raises a guardrail intervention as content_filtered, streamed or not', async () => {
    const blocked = converseReply({ content: [text('Sorry, the model cannot answer this question.')], stopReason: 'guardrail_intervened' })
    const provider = await providerFor((recorded) => (recorded.streaming ? { messages: streamEvents(blocked) } : { json: blocked }))
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ reason: 'content_filtered', retryable: false })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'content_filtered', retryable: false })
  })

  it('raises a stream that ends without messageStop as a cut stream', async () => {
    const provider = await providerFor({ messages: story.slice(0, 3) })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true, message: 'The stream ended before messageStop' })
  })

  it('raises a connection lost mid-stream as a cut stream', async () => {
    const provider = await providerFor({ messages: story.slice(0, 3), then: 'drop' })
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'cut_stream', retryable: true })
  })

  it('raises a refused connection as a network failure', async () => {
    const closed = await startFakeBedrock(apiError(500, 'InternalServerException', 'unused'))
    await closed.close()
    const provider = createTestProvider(bedrockProviderKind, { baseUrl: closed.url, apiKey: closed.apiKey, options: { region: closed.region, accessKeyId: closed.accessKeyId } })
    expect(await rejectionOf(provider.chat(request))).toMatchObject({ name: 'LlmProviderError', reason: 'network', retryable: true })
  })

  it('times out a stream that stalls after the headers', async () => {
    const provider = await providerFor({ messages: story, messageDelayMs: 1000 }, { timeoutMs: 300 })
    const started = Date.now()
    expect(await rejectionOf(chatStreaming(provider, request))).toMatchObject({ reason: 'timeout', message: 'The request timed out after 300 ms' })
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('rejects with an AbortError, quickly, when the caller aborts mid-stream, and closes the connection', async () => {
    const provider = await providerFor({ messages: story, messageDelayMs: 100 })
    const controller = new AbortController()
    const started = Date.now()
    const error = await rejectionOf(provider.chat(request, { signal: controller.signal, onToken: () => controller.abort() }))
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const provider = await providerFor({ messages: story })
    expect((await rejectionOf(provider.chat(request, { signal: AbortSignal.abort() }))).name).toBe('AbortError')
    expect(server?.requests).toEqual([])
  })

  it('keeps the secret out of a message that echoes it', async () => {
    const provider = await providerFor(() => apiError(403, 'AccessDeniedException', `Denied for secret ${server!.apiKey}`))
    const error = await rejectionOf(provider.chat(request))
    expect(error.message).toContain('Denied for secret [redacted]')
    expect(error.message).not.toContain(server!.apiKey)
  })

  it('raises a conversation Bedrock refuses as a bad request naming what is wrong', async () => {
    const provider = await providerFor({ messages: story })
    const unanswered: ChatRequest = {
      ...request,
      tools: [{ name: 'now', parameters: { type: 'object' } }],
      messages: [...request.messages, { role: 'assistant', content: '', toolCalls: [{ id: 'tooluse_X', name: 'now', arguments: {} }] }, { role: 'user', content: 'Well?' }]
    }
    const error = await rejectionOf(provider.chat(unanswered))
    expect(error).toMatchObject({ reason: 'bad_request', retryable: false, status: 400 })
    expect(error.message).toContain('Expected toolResult blocks at messages.2.content for the following Ids: tooluse_X')
  })
})
