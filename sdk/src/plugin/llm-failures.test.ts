import { describe, expect, it } from 'vitest'
import { failureOfStatus, LlmProviderError, retryAfterMs } from './llm.js'

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null })

describe('LLM failures', () => {
  it('read a status and the vendor\'s message as the reason the failover chain acts on', () => {
    const cases: Array<[number, string, string, boolean]> = [
      [401, 'invalid x-api-key', 'auth', true],
      [403, 'permission denied', 'auth', true],
      [429, 'slow down', 'rate_limited', true],
      [529, 'Overloaded', 'overloaded', true],
      [503, 'unavailable', 'overloaded', true],
      [500, 'oops', 'server', true],
      [400, "This model's maximum context length is 8192 tokens", 'context_too_long', false],
      [400, 'prompt is too long: 210000 tokens > 200000 maximum', 'context_too_long', false],
      [400, 'The response was filtered due to the prompt triggering content management policy', 'content_filtered', false],
      [400, 'messages: field required', 'bad_request', false]
    ]
    for (const [status, message, reason, retryable] of cases) {
      const failure = failureOfStatus(status, message)
      expect(failure, `${status} ${message}`).toMatchObject({ reason, retryable, status })
      expect(failure.message).toBe(`HTTP ${status}: ${message}`)
    }
    expect(LlmProviderError.of('cut_stream', 'the stream ended early')).toMatchObject({ reason: 'cut_stream', retryable: true })
  })

  it('take the vendor\'s Retry-After in seconds, milliseconds or as a date, capped at an hour', () => {
    expect(failureOfStatus(429, 'wait', headers({ 'retry-after': '7' })).retryAfterMs).toBe(7000)
    expect(retryAfterMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500)
    expect(retryAfterMs(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000)
    expect(retryAfterMs(headers({ 'retry-after': '999999' }))).toBe(3_600_000)
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }))).toBeUndefined()
    expect(retryAfterMs(headers({}))).toBeUndefined()
    expect(retryAfterMs(undefined)).toBeUndefined()
  })
})
