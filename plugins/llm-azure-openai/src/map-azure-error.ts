import { failureOfStatus, LlmProviderError } from '@troupe/sdk/plugin'
import { APIConnectionError, APIError } from 'openai'
import { contentFiltered, filteredCategories } from './content-filter.js'

export interface FailedCall {
  /** The caller's signal: its abort is a cancellation, never worth a failover. */
  signal?: AbortSignal
  /** Aborted when the call ran past its timeout. */
  deadline: AbortSignal
  timeoutMs: number
  /** Scrubbed from every message, whatever a server echoes. */
  apiKey?: string
}

/** The `error` object of Azure's error body (`{"error": {...}}`), as the client keeps it on `APIError.error`. */
interface AzureErrorBody {
  code?: string | null
  message?: unknown
  /** Where Azure puts the filter's verdict on a refused prompt (the REST specification spells it `inner_error`). */
  innererror?: { code?: string; content_filter_result?: unknown; content_filter_results?: unknown }
  inner_error?: { code?: string; content_filter_result?: unknown; content_filter_results?: unknown }
}

const contextTooLongCodes = new Set(['context_length_exceeded', 'string_above_max_length'])

/** How a cancelled call ends: an AbortError, which the host reads as a cancellation, not a failure. */
export function abortError(): Error {
  const error = new Error('The chat was aborted')
  error.name = 'AbortError'
  return error
}

/**
 * Turns what a call threw into an AbortError or an `LlmProviderError` with the reason the
 * failover chain acts on: Azure's error code where it says more than the status (`content_filter`
 * with the filtered categories, `context_length_exceeded`), else the status and its `retry-after-ms`
 * / `retry-after` as `failureOfStatus` reads them; a lost connection is `network`, an error event in
 * the middle of a stream `cut_stream`, a stalled call `timeout`.
 */
export function mapAzureError(error: unknown, { signal, deadline, timeoutMs, apiKey }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted) return LlmProviderError.of('timeout', `The request timed out after ${timeoutMs} ms`)
  if (error instanceof LlmProviderError) return error
  const redact = (text: string) => (apiKey ? text.replaceAll(apiKey, '[redacted]') : text)
  if (error instanceof APIConnectionError) return LlmProviderError.of('network', redact(error.message))
  if (error instanceof APIError) {
    const body = (error.error ?? {}) as AzureErrorBody
    // The body's own message: the client's adds the status in front.
    const message = redact(typeof body.message === 'string' ? body.message : error.message)
    const status = error.status
    const inner = body.innererror ?? body.inner_error
    if (body.code === 'content_filter' || inner?.code === 'ResponsibleAIPolicyViolation') {
      const categories = filteredCategories(inner?.content_filter_result ?? inner?.content_filter_results)
      return contentFiltered(status ? `HTTP ${status}: ${message}` : message, categories, status)
    }
    // Without a status the error came as an event inside a 200 stream: the answer stopped midway.
    if (status === undefined) return LlmProviderError.of('cut_stream', message)
    if (body.code && contextTooLongCodes.has(body.code)) return LlmProviderError.of('context_too_long', `HTTP ${status}: ${message}`, { status })
    if (status === 408) return LlmProviderError.of('timeout', `HTTP ${status}: ${message}`, { status })
    return failureOfStatus(status, message, error.headers)
  }
  const message = redact(error instanceof Error ? error.message : String(error))
  // A connection lost while the answer streams surfaces as fetch's bare TypeError ("terminated").
  return error instanceof TypeError ? LlmProviderError.of('cut_stream', message) : new LlmProviderError(message, false)
}
