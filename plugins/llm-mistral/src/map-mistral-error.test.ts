import { LlmProviderError } from '@troupe/sdk/plugin'
import { ConnectionError, RequestTimeoutError, SDKError } from '@mistralai/mistralai/models/errors'
import { describe, expect, it } from 'vitest'
import { failureOfMistralResponse, mapMistralError, messageOfMistralBody } from './map-mistral-error.js'

const headers = (entries: Record<string, string> = {}) => new Headers(entries)
const body = (value: unknown) => JSON.stringify(value)
const mistralError = (message: string, type: string, code: string | null = null) => body({ object: 'error', message, type, param: null, code })

describe('failureOfMistralResponse', () => {
  it.each([
    ['a refused key (its gateway)', 'auth', 401, body({ message: 'Unauthorized', request_id: 'c0ffee' }), {}, true],
    ['a model the key may not use', 'auth', 403, mistralError('Model not available on your plan', 'invalid_request_error'), {}, true],
    ['a rate limit', 'rate_limited', 429, mistralError('Rate limit exceeded', 'rate_limited', '1300'), { 'retry-after': '7' }, true],
    ['a model out of capacity (429, code 3505)', 'overloaded', 429, mistralError('Service tier capacity exceeded for this model.', 'service_tier_capacity_exceeded', '3505'), {}, true],
    ['a 503', 'overloaded', 503, mistralError('Service unavailable', 'server_error'), {}, true],
    ['a 500', 'server', 500, mistralError('Internal server error', 'internal_server_error', '3000'), {}, true],
    [
      'a prompt over the context length',
      'context_too_long',
      400,
      mistralError('Prompt contains 140000 tokens, too large for model with 131072 maximum context length', 'invalid_request_error'),
      {},
      false
    ],
    ['a guardrail block (403)', 'content_filtered', 403, body({ error: { message: 'Content blocked by guardrail', status: 403 }, guardrails: { results: {} } }), {}, false],
    [
      'a guardrail that could not evaluate with block_on_error',
      'content_filtered',
      403,
      body({ object: 'Error', message: 'Request blocked due to error in guardrail evaluation and block_on_error is set to True.', type: 'invalid_request_error', code: 3201, guardrails: [] }),
      {},
      false
    ],
    [
      'a conversation in the wrong order',
      'bad_request',
      400,
      mistralError('Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant', 'invalid_request_message_order', '3230'),
      {},
      false
    ],
    ['a field Mistral does not know (422)', 'bad_request', 422, body({ detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted', input: {} }] }), {}, false]
  ] as const)('reads %s as %s', (_, reason, status, text, headerEntries, retryable) => {
    const failure = failureOfMistralResponse(status, text, headers(headerEntries))
    expect(failure).toBeInstanceOf(LlmProviderError)
    expect(failure).toMatchObject({ reason, retryable, status })
  })

  it("keeps the vendor's Retry-After for a rate limit and for a model out of capacity", () => {
    expect(failureOfMistralResponse(429, mistralError('Rate limit exceeded', 'rate_limited', '1300'), headers({ 'retry-after': '7' })).retryAfterMs).toBe(7000)
    expect(failureOfMistralResponse(429, mistralError('Service tier capacity exceeded for this model.', 'service_tier_capacity_exceeded', '3505'), headers({ 'retry-after': '2' })).retryAfterMs).toBe(2000)
  })
})

describe('messageOfMistralBody', () => {
  it("finds the vendor's words in each of its bodies", () => {
    expect(messageOfMistralBody(mistralError('Invalid model: mistral-tiny-9', 'invalid_model', '1500'))).toBe('Invalid model: mistral-tiny-9')
    expect(messageOfMistralBody(body({ detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required' }] }))).toBe('body.model: Field required')
    expect(messageOfMistralBody(body({ object: 'error', message: { detail: [{ type: 'float_type', loc: ['body', 'top_p'], msg: 'Input should be a valid number' }] }, type: 'invalid_request_error' }))).toBe(
      'body.top_p: Input should be a valid number'
    )
    expect(messageOfMistralBody(body({ error: { message: 'Content blocked by guardrail', status: 403 } }))).toBe('Content blocked by guardrail')
    expect(messageOfMistralBody('')).toBe('no body')
    expect(messageOfMistralBody(`<html>${'x'.repeat(1000)}</html>`)).toHaveLength(301)
  })
})

describe('mapMistralError', () => {
  const live = () => ({ deadline: new AbortController().signal, timeoutMs: 1000 })
  const response = (status: number, text: string) => new Response(text, { status, headers: { 'content-type': 'application/json' } })
  const httpError = (status: number, text: string) => new SDKError('API error occurred', { response: response(status, text), request: new Request('http://127.0.0.1/v1/chat/completions'), body: text })

  it("makes the caller's abort an AbortError, never a failover", () => {
    const error = mapMistralError(new Error('Request aborted by client'), { ...live(), signal: AbortSignal.abort() })
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
  })

  it('makes the deadline a timeout', () => {
    expect(mapMistralError(new RequestTimeoutError('Request timed out'), { deadline: AbortSignal.abort(), timeoutMs: 200 })).toMatchObject({ reason: 'timeout', retryable: true, message: 'The request timed out after 200 ms' })
  })

  it('makes an HTTP error the failure its status and body mean, without the key', () => {
    const apiKey = 'sk-mistral-0123456789'
    const error = mapMistralError(httpError(401, body({ message: `Unauthorized key ${apiKey}` })), { ...live(), apiKey })
    expect(error).toMatchObject({ reason: 'auth', status: 401, message: 'HTTP 401: Unauthorized key [redacted]' })
  })

  it('makes a connection that failed a network failure, and an error while reading a stream a cut stream', () => {
    expect(mapMistralError(new ConnectionError('Unable to make request', { cause: new TypeError('fetch failed') }), live())).toMatchObject({ reason: 'network', retryable: true })
    expect(mapMistralError(new TypeError('terminated'), { ...live(), midStream: true })).toMatchObject({ reason: 'cut_stream', retryable: true, message: 'The stream broke off: terminated' })
  })

  it("passes the host's own refusals on without a reason, and not worth another provider", () => {
    const error = mapMistralError(new Error('Refusing to connect to 10.0.0.1: a private address'), live())
    expect(error).toBeInstanceOf(LlmProviderError)
    expect(error).toMatchObject({ retryable: false, reason: undefined })
  })
})
