import { LlmProviderError, type LlmFailureReason } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { mapOllamaError, type FailedCall } from './map-ollama-error.js'

const apiKey = 'olp-proxy-5e1b3c'
const live = () => new AbortController().signal
const failed = (over: Partial<FailedCall> = {}): FailedCall => ({ deadline: live(), timeoutMs: 30_000, response: undefined, model: 'llama3.2', apiKey, ...over })
const answered = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers })

// The client throws what the body's `error` says; the status and headers come from the response.
const statusCases: Array<[string, number, string, Record<string, string>, LlmFailureReason, boolean, number | undefined]> = [
  ['a proxy refusing the key', 401, 'unauthorized', {}, 'auth', true, undefined],
  ['a proxy refusing the model to this key', 403, 'forbidden', {}, 'auth', true, undefined],
  ['a rate limit with retry-after', 429, 'too many requests', { 'retry-after': '12' }, 'rate_limited', true, 12_000],
  ['a full queue', 503, 'server busy, please try again.  maximum pending requests exceeded', {}, 'overloaded', true, undefined],
  ['a crashed runner', 500, 'llama runner process has terminated: exit status 2', {}, 'server', true, undefined],
  ['a cloud model out of reach', 502, 'bad gateway', {}, 'server', true, undefined],
  ['a prompt longer than the context', 400, 'the prompt is longer than the context length currently available to the model', {}, 'context_too_long', false, undefined],
  ['an embedding input longer than the context', 400, 'the input length exceeds the context length', {}, 'context_too_long', false, undefined],
  ["a proxy's content filter", 400, 'request blocked by the content filter of the gateway', {}, 'content_filtered', false, undefined],
  ['a model without tool support', 400, 'registry.ollama.ai/library/gemma:2b does not support tools', {}, 'bad_request', false, undefined],
  ['a wrong base URL (Ollama router)', 404, '404 page not found', {}, 'bad_request', false, undefined]
]

describe('mapOllamaError', () => {
  for (const [what, status, message, headers, reason, retryable, retryAfterMs] of statusCases) {
    it(`reads ${what} (HTTP ${status}) as ${reason}`, () => {
      const error = mapOllamaError(new Error(message), failed({ response: answered(status, headers) }))
      expect(error).toBeInstanceOf(LlmProviderError)
      expect(error).toMatchObject({ reason, retryable, status, retryAfterMs, message: `HTTP ${status}: ${message}` })
    })
  }

  it('reads a model that is not pulled as a bad request saying it must be pulled, not worth a failover', () => {
    const error = mapOllamaError(new Error('model "qwen3:8b" not found, try pulling it first'), failed({ response: answered(404), model: 'qwen3:8b' }))
    expect(error).toMatchObject({ reason: 'bad_request', retryable: false, status: 404 })
    expect(error.message).toBe('HTTP 404: model "qwen3:8b" not found, try pulling it first. The model "qwen3:8b" must be pulled on the Ollama server first (ollama pull qwen3:8b).')
  })

  it('reads any failure after a 200 as a cut stream: an error line, no done line, a lost connection', () => {
    for (const thrown of [new Error('an error was encountered while running the model'), new Error('Did not receive done or success response in stream.'), new TypeError('terminated')]) {
      const error = mapOllamaError(thrown, failed({ response: answered(200) }))
      expect(error).toMatchObject({ reason: 'cut_stream', retryable: true, message: `The reply stopped before it was complete: ${thrown.message}` })
    }
  })

  it("reads fetch's TypeError before any response as a network failure", () => {
    expect(mapOllamaError(new TypeError('fetch failed'), failed())).toMatchObject({ reason: 'network', retryable: true, message: 'fetch failed' })
  })

  it('reads another failure before any response (the host refusing the address) as a bad request', () => {
    const refused = Object.assign(new Error('Refusing to connect to 10.0.0.8: a private address'), { name: 'ForbiddenAddressError' })
    expect(mapOllamaError(refused, failed())).toMatchObject({ reason: 'bad_request', retryable: false })
  })

  it("turns the caller's abort into an AbortError, whatever else failed", () => {
    const error = mapOllamaError(new TypeError('terminated'), failed({ signal: AbortSignal.abort(), response: answered(200) }))
    expect(error.name).toBe('AbortError')
    expect(error).not.toBeInstanceOf(LlmProviderError)
  })

  it('turns the passed deadline into a timeout', () => {
    const error = mapOllamaError(new DOMException('This operation was aborted', 'AbortError'), failed({ signal: live(), deadline: AbortSignal.abort(), timeoutMs: 250 }))
    expect(error).toMatchObject({ reason: 'timeout', retryable: true, message: 'The request timed out after 250 ms' })
  })

  it('passes an LlmProviderError through as it is', () => {
    const own = LlmProviderError.of('bad_request', 'A tool message has no toolCallId')
    expect(mapOllamaError(own, failed())).toBe(own)
  })

  it('scrubs the key from a message that echoes it', () => {
    const error = mapOllamaError(new Error(`invalid api key ${apiKey}`), failed({ response: answered(401) }))
    expect(error.message).toBe('HTTP 401: invalid api key [redacted]')
  })
})
