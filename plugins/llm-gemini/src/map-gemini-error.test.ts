import { LlmProviderError, type LlmFailureReason } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { geminiErrors, type FakeReply } from '../test/fake-gemini-replies.js'
import type { GoogleErrorBody } from './gemini-wire.js'
import { failureOfGoogleError, mapGeminiError, retryInfoDelayMs } from './map-gemini-error.js'

/** Google's body and headers of a stand-in error reply. */
function parts(reply: FakeReply): { status: number; body: GoogleErrorBody; headers: Headers } {
  if (!('json' in reply)) throw new Error('not a JSON reply')
  return { status: reply.status ?? 200, body: reply.json as GoogleErrorBody, headers: new Headers(reply.headers) }
}

function failureOf(reply: FakeReply): LlmProviderError {
  const { status, body, headers } = parts(reply)
  return failureOfGoogleError(status, body, headers)
}

describe('failureOfGoogleError', () => {
  it.each<[string, FakeReply, LlmFailureReason, boolean]>([
    ['a key Google does not know (400 API_KEY_INVALID)', geminiErrors.invalidApiKey(), 'auth', true],
    ['no key (403 PERMISSION_DENIED)', geminiErrors.missingApiKey(), 'auth', true],
    ['a region the API does not serve (400 FAILED_PRECONDITION)', geminiErrors.locationNotSupported(), 'auth', true],
    ['a used-up quota (429 RESOURCE_EXHAUSTED)', geminiErrors.rateLimited(7), 'rate_limited', true],
    ['an overloaded model (503 UNAVAILABLE)', geminiErrors.overloaded(), 'overloaded', true],
    ['an internal error (500 INTERNAL)', geminiErrors.internal(), 'server', true],
    ['a deadline Google ran out of (504 DEADLINE_EXCEEDED)', geminiErrors.deadlineExceeded(), 'timeout', true],
    ['an input over the model window (400 INVALID_ARGUMENT)', geminiErrors.contextTooLong(), 'context_too_long', false],
    ['an unknown model (404 NOT_FOUND)', geminiErrors.modelNotFound('gemini-9'), 'bad_request', false]
  ])('reads %s as %s', (_what, reply, reason, retryable) => {
    const failure = failureOf(reply)
    expect(failure).toMatchObject({ reason, retryable, status: 'json' in reply ? reply.status : undefined })
  })

  it("words the failure with Google's status and message", () => {
    expect(failureOf(geminiErrors.overloaded()).message).toBe('HTTP 503: UNAVAILABLE: The model is overloaded. Please try again later.')
  })

  it("waits as long as RetryInfo says, before a Retry-After header", () => {
    expect(failureOf(geminiErrors.rateLimited(41)).retryAfterMs).toBe(41_000)
    expect(failureOf(geminiErrors.rateLimited(41, { header: '12' })).retryAfterMs).toBe(41_000)
    expect(failureOfGoogleError(429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' } }, new Headers({ 'retry-after': '12' })).retryAfterMs).toBe(12_000)
    expect(failureOfGoogleError(429, { error: { message: 'Too many requests' } }).retryAfterMs).toBeUndefined()
  })

  it('takes a Retry-After on an overloaded answer', () => {
    const { body } = parts(geminiErrors.overloaded())
    expect(failureOfGoogleError(503, body, new Headers({ 'retry-after': '3' })).retryAfterMs).toBe(3000)
  })

  it("reads an INVALID_ARGUMENT that speaks of safety settings as the request's fault, not a filter's refusal", () => {
    const body = { error: { code: 400, status: 'INVALID_ARGUMENT', message: '* GenerateContentRequest.safety_settings[0].threshold: unknown enum label "BLOCK_SOME"' } }
    expect(failureOfGoogleError(400, body)).toMatchObject({ reason: 'bad_request', retryable: false })
  })

  it("reads a proxy's answer without Google's body by its status", () => {
    expect(failureOfGoogleError(502, { error: { message: 'Bad Gateway' } })).toMatchObject({ reason: 'server', message: 'HTTP 502: Bad Gateway' })
    expect(failureOfGoogleError(401, undefined)).toMatchObject({ reason: 'auth' })
  })
})

describe('retryInfoDelayMs', () => {
  it.each([
    ['7s', 7000],
    ['0.5s', 500],
    ['40.513907697s', 40_514],
    ['86400s', 3_600_000]
  ])('reads a retryDelay of %s as %i ms', (retryDelay, expected) => {
    expect(retryInfoDelayMs({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }] } })).toBe(expected)
  })

  it('reads nothing from a body without RetryInfo or with a delay it cannot read', () => {
    expect(retryInfoDelayMs({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.Help' }] } })).toBeUndefined()
    expect(retryInfoDelayMs({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: 'soon' }] } })).toBeUndefined()
    expect(retryInfoDelayMs(undefined)).toBeUndefined()
  })
})

describe('mapGeminiError', () => {
  const apiKey = 'AIzaSyMap0123456789'
  const live = () => ({ deadline: new AbortController().signal, timeoutMs: 1000, answered: false, apiKey })

  it("makes the caller's abort an AbortError and a passed deadline a timeout, whatever was thrown", () => {
    expect(mapGeminiError(new TypeError('terminated'), { ...live(), signal: AbortSignal.abort() })).toMatchObject({ name: 'AbortError' })
    expect(mapGeminiError(new TypeError('terminated'), { ...live(), deadline: AbortSignal.abort() })).toMatchObject({ reason: 'timeout', message: 'The request timed out after 1000 ms' })
  })

  it('tells a connection that never answered from an answer that broke off', () => {
    expect(mapGeminiError(new TypeError('fetch failed'), live())).toMatchObject({ reason: 'network', retryable: true })
    expect(mapGeminiError(new TypeError('terminated'), { ...live(), answered: true })).toMatchObject({ reason: 'cut_stream', retryable: true })
    expect(mapGeminiError(new SyntaxError('Unexpected token <'), { ...live(), answered: true })).toMatchObject({ reason: 'server' })
    expect(mapGeminiError(new Error('Forbidden address 10.0.0.1'), live())).toMatchObject({ reason: 'bad_request', retryable: false })
  })

  it('scrubs the key from every message', () => {
    const failure = mapGeminiError(LlmProviderError.of('auth', `HTTP 400: INVALID_ARGUMENT: key ${apiKey} refused`), live())
    expect(failure.message).toBe('HTTP 400: INVALID_ARGUMENT: key [redacted] refused')
    expect(mapGeminiError(new TypeError(`fetch failed for ${apiKey}`), live()).message).not.toContain(apiKey)
  })
})
