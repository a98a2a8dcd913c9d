import { LlmProviderError } from '@troupe/sdk/plugin'
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

/** Turns whatever a call threw into an AbortError or an `LlmProviderError` telling whether another provider may do better. */
export function mapOpenAiError(error: unknown, { signal, deadline, timeoutMs, apiKey }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted) return new LlmProviderError(`The request timed out after ${timeoutMs} ms`, true)
  if (error instanceof LlmProviderError) return error
  const redact = (message: string) => (apiKey ? message.replaceAll(apiKey, '[redacted]') : message)
  if (error instanceof APIError) {
    // Connection failures (APIConnectionError, its timeout subclass) and errors sent mid-stream carry no status.
    const status = error.status
    const retryable = status === undefined || status === 408 || status === 429 || status >= 500
    return new LlmProviderError(redact(error.message), retryable, status)
  }
  // A connection lost while the reply streams surfaces as fetch's bare TypeError ("terminated"), not as an APIConnectionError.
  return new LlmProviderError(redact(error instanceof Error ? error.message : String(error)), error instanceof TypeError)
}
