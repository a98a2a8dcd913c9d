import { failureOfStatus, LlmProviderError } from '@troupe/sdk/plugin'
import { APIError } from 'openai'

function abortError(): Error {
  const error = new Error('The chat was aborted')
  error.name = 'AbortError'
  return error
}

export interface FailedCall {
  /** The caller's signal: its abort is a cancellation, never worth a failover. */
  signal?: AbortSignal
  /** Aborted when the call ran past its timeout. */
  deadline: AbortSignal
  timeoutMs: number
  /** Scrubbed from messages, since some servers echo the key they refused. */
  apiKey?: string
}

/** The error codes OpenAI (and Azure OpenAI) send that say more than the status. */
const reasonOfCode: Record<string, 'context_too_long' | 'content_filtered'> = {
  context_length_exceeded: 'context_too_long',
  string_above_max_length: 'context_too_long',
  content_filter: 'content_filtered',
  content_policy_violation: 'content_filtered'
}

/**
 * Turns whatever a call threw into an AbortError or an `LlmProviderError` with the reason the
 * failover chain acts on: the status (and `Retry-After`) as `failureOfStatus` reads them, the
 * vendor's error code where it says more, a lost connection as `network`, a stalled call as
 * `timeout`, a stream cut mid-reply as `cut_stream`.
 */
export function mapOpenAiError(error: unknown, { signal, deadline, timeoutMs, apiKey }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted) return LlmProviderError.of('timeout', `The request timed out after ${timeoutMs} ms`)
  if (error instanceof LlmProviderError) return error
  const redact = (message: string) => (apiKey ? message.replaceAll(apiKey, '[redacted]') : message)
  if (error instanceof APIError) {
    const status = error.status
    // Connection failures (APIConnectionError, its timeout subclass) and errors sent mid-stream carry no status.
    if (status === undefined) return LlmProviderError.of('network', redact(error.message))
    const codeReason = typeof error.code === 'string' ? reasonOfCode[error.code] : undefined
    if (codeReason) return LlmProviderError.of(codeReason, redact(`HTTP ${status}: ${error.message}`), { status })
    if (status === 408) return LlmProviderError.of('timeout', redact(`HTTP ${status}: ${error.message}`), { status })
    // The client's message starts with the status, which `failureOfStatus` writes itself.
    return failureOfStatus(status, redact(error.message.replace(new RegExp(`^${status}\\s+`), '')), error.headers)
  }
  // A connection lost while the reply streams surfaces as fetch's bare TypeError ("terminated"), not as an APIConnectionError.
  const message = redact(error instanceof Error ? error.message : String(error))
  return error instanceof TypeError ? LlmProviderError.of('cut_stream', message) : new LlmProviderError(message, false)
}
