import { LlmProviderError } from '@troupe/sdk/plugin'
import { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk'
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared'
import { describe, expect, it } from 'vitest'
import { mapAnthropicError, type FailedCall } from './map-anthropic-error.js'

const apiKey = 'sk-ant-api03-secret-0123456789'
const call = (extra: Partial<FailedCall> = {}): FailedCall => ({ deadline: new AbortController().signal, timeoutMs: 1000, streamed: false, apiKey, ...extra })
const body = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: 'req_011CTest' })

/** An error of the HTTP status, as the SDK raises it. */
const httpError = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  APIError.generate(status, body(type, message), undefined, new Headers({ 'request-id': 'req_011CTest', ...headers }))

/** The `error` event of a stream that had answered 200, as the SDK raises it. */
const eventError = (type: string, message: string) => new APIError(undefined, body(type, message), undefined, new Headers(), type as ErrorType)

describe('mapAnthropicError', () => {
  it.each([
    [401, 'authentication_error', 'invalid x-api-key', 'auth', true],
    [403, 'permission_error', 'Your API key does not have permission to use the specified resource.', 'auth', true],
    [402, 'billing_error', 'Your credit balance is too low to access the Anthropic API.', 'auth', true],
    [429, 'rate_limit_error', 'Number of requests has exceeded your rate limit.', 'rate_limited', true],
    [529, 'overloaded_error', 'Overloaded', 'overloaded', true],
    [503, 'api_error', 'Service unavailable', 'overloaded', true],
    [500, 'api_error', 'Internal server error', 'server', true],
    [504, 'timeout_error', 'Request timed out', 'timeout', true],
    [408, 'timeout_error', 'Request timed out', 'timeout', true],
    [400, 'invalid_request_error', 'prompt is too long: 1048713 tokens > 1000000 maximum', 'context_too_long', false],
    [400, 'invalid_request_error', 'input length and `max_tokens` exceed context limit: 999000 + 16000 > 1000000', 'context_too_long', false],
    [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.', 'context_too_long', false],
    [400, 'invalid_request_error', 'temperature: Extra inputs are not permitted', 'bad_request', false],
    [404, 'not_found_error', 'model: claude-nonesuch', 'bad_request', false]
  ] as const)('reads HTTP %i %s (%s) as %s', (status, type, message, reason, retryable) => {
    const error = mapAnthropicError(httpError(status, type, message), call())
    expect(error).toBeInstanceOf(LlmProviderError)
    expect(error).toMatchObject({ reason, retryable, status })
    expect(error.message).toContain(`HTTP ${status}: ${message}`)
  })

  it("passes on the vendor's retry-after of a rate limit and of an overload", () => {
    expect(mapAnthropicError(httpError(429, 'rate_limit_error', 'Slow down', { 'retry-after': '7' }), call())).toMatchObject({ reason: 'rate_limited', retryAfterMs: 7000 })
    expect(mapAnthropicError(httpError(529, 'overloaded_error', 'Overloaded', { 'retry-after': '2' }), call())).toMatchObject({ reason: 'overloaded', retryAfterMs: 2000 })
  })

  it.each([
    ['overloaded_error', 'Overloaded', 'overloaded', true],
    ['rate_limit_error', 'Rate limited', 'rate_limited', true],
    ['api_error', 'Internal server error', 'server', true],
    ['timeout_error', 'Stream timed out', 'timeout', true],
    ['invalid_request_error', 'prompt is too long: 1048713 tokens > 1000000 maximum', 'context_too_long', false],
    ['invalid_request_error', 'messages.0: bad', 'bad_request', false],
    ['some_new_error', 'Something else', 'cut_stream', true]
  ] as const)('reads a stream error event of type %s (%s) as %s', (type, message, reason, retryable) => {
    const error = mapAnthropicError(eventError(type, message), call({ streamed: true }))
    expect(error).toMatchObject({ reason, retryable, status: undefined })
    expect(error.message).toContain(message)
  })

  it('reads a connection lost before the answer as network, and during it as a cut stream', () => {
    const lost = new APIConnectionError({ message: 'Connection error.', cause: new TypeError('terminated') })
    expect(mapAnthropicError(lost, call())).toMatchObject({ reason: 'network', retryable: true })
    expect(mapAnthropicError(lost, call({ streamed: true }))).toMatchObject({ reason: 'cut_stream', retryable: true })
    expect(mapAnthropicError(new TypeError('fetch failed'), call())).toMatchObject({ reason: 'network' })
  })

  it('reads a timeout, the SDK’s or the deadline’s, as a timeout', () => {
    const deadline = AbortSignal.abort()
    expect(mapAnthropicError(new Error('This operation was aborted'), call({ deadline, timeoutMs: 300 }))).toMatchObject({ reason: 'timeout', message: 'The request timed out after 300 ms' })
    expect(mapAnthropicError(new APIConnectionTimeoutError(), call())).toMatchObject({ reason: 'timeout', retryable: true })
  })

  it('turns the caller’s abort into an AbortError, not a failure worth the next provider', () => {
    const error = mapAnthropicError(httpError(529, 'overloaded_error', 'Overloaded'), call({ signal: AbortSignal.abort() }))
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
  })

  it('keeps a failure the provider raised itself', () => {
    const own = LlmProviderError.of('cut_stream', 'The stream ended before the reply was complete')
    expect(mapAnthropicError(own, call())).toBe(own)
  })

  it('scrubs the key from the message when an endpoint echoes it', () => {
    const error = mapAnthropicError(httpError(401, 'authentication_error', `invalid x-api-key: ${apiKey}`), call())
    expect(error.message).toContain('invalid x-api-key: [redacted]')
    expect(error.message).not.toContain(apiKey)
  })
})
