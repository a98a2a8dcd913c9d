import { APIError } from 'openai'
import { describe, expect, it } from 'vitest'
import { mapAzureError } from './map-azure-error.js'

const call = { deadline: new AbortController().signal, timeoutMs: 60_000, apiKey: 'k-123456' }
const apiError = (status: number | undefined, error: Record<string, unknown>, headers: Record<string, string> = {}) => new APIError(status, error, undefined, status ? new Headers(headers) : undefined)

describe('mapAzureError', () => {
  it('reads the verdict where the REST specification puts it, inner_error.content_filter_results', () => {
    const error = apiError(400, {
      code: 'content_filter',
      message: 'The response was filtered',
      inner_error: { code: 'ResponsibleAIPolicyViolation', content_filter_results: { self_harm: { filtered: true, severity: 'high' } } }
    })
    expect(mapAzureError(error, call)).toMatchObject({ reason: 'content_filtered', status: 400, message: 'HTTP 400: The response was filtered (filtered: self_harm (high))' })
  })

  it('uses the body message, without the status the client puts in front', () => {
    expect(mapAzureError(apiError(500, { code: 'InternalServerError', message: 'The server had an error.' }), call)).toMatchObject({ reason: 'server', retryable: true, message: 'HTTP 500: The server had an error.' })
  })

  it('makes a 408 and a call past its deadline timeouts, and a caller abort an AbortError', () => {
    expect(mapAzureError(apiError(408, { code: 'Timeout', message: 'Request timed out' }), call)).toMatchObject({ reason: 'timeout', status: 408 })
    expect(mapAzureError(new Error('late'), { ...call, deadline: AbortSignal.abort() })).toMatchObject({ reason: 'timeout', message: 'The request timed out after 60000 ms' })
    expect(mapAzureError(new Error('stopped'), { ...call, signal: AbortSignal.abort() }).name).toBe('AbortError')
  })

  it('makes a string_above_max_length error context_too_long', () => {
    expect(mapAzureError(apiError(400, { code: 'string_above_max_length', message: "Invalid 'messages[0].content': string too long." }), call)).toMatchObject({ reason: 'context_too_long', retryable: false })
  })

  it('keeps the key out of what it could not classify', () => {
    const error = mapAzureError(new RangeError('bad key k-123456'), call)
    expect(error).toMatchObject({ name: 'LlmProviderError', retryable: false, message: 'bad key [redacted]' })
  })
})
