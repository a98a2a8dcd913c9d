import { failureOfStatus, LlmProviderError, retryAfterMs, type LlmFailureReason } from '@troupe/sdk/plugin'
import { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk'

export interface FailedCall {
  /** The caller's signal: its abort is a cancellation, never worth a failover. */
  signal?: AbortSignal
  /** Aborted when the call ran past its timeout. */
  deadline: AbortSignal
  timeoutMs: number
  /** Whether the reply had started streaming: a failure from then on cuts an answer under way. */
  streamed: boolean
  /** Scrubbed from messages, in case an endpoint echoes the key it refused. */
  apiKey?: string
}

function abortError(): Error {
  const error = new Error('The chat was aborted')
  error.name = 'AbortError'
  return error
}

/**
 * What an error `type` of the vendor's means, for errors that come without a status: the `error`
 * event of a stream that had already answered 200 (documented: an overload can arrive that way).
 */
const reasonOfType: Record<string, LlmFailureReason> = {
  authentication_error: 'auth',
  permission_error: 'auth',
  billing_error: 'auth',
  rate_limit_error: 'rate_limited',
  overloaded_error: 'overloaded',
  api_error: 'server',
  timeout_error: 'timeout'
}

/** The vendor's words for a conversation that does not fit (`input length and \`max_tokens\` exceed context limit: ...`). */
const contextLimit = /exceed context limit/i

/**
 * The failure of an HTTP status, with the statuses where the vendor differs from the generic
 * reading: 402 (`billing_error`: the account cannot pay, another provider's can), 408 and 504
 * (`timeout_error`), 413 (`request_too_large`: the request is over the size the API takes), and
 * a 400 in the vendor's words for the context limit.
 */
function failureOfVendorStatus(error: APIError, message: string): LlmProviderError {
  const status = error.status!
  const text = `HTTP ${status}: ${message}`
  if (status === 402) return LlmProviderError.of('auth', text, { status })
  if (status === 408 || status === 504) return LlmProviderError.of('timeout', text, { status })
  if (status === 413 || (status === 400 && contextLimit.test(message))) return LlmProviderError.of('context_too_long', text, { status })
  return failureOfStatus(status, message, error.headers)
}

/** Turns whatever a call threw into an AbortError or an `LlmProviderError` whose reason tells the failover chain what to do. */
export function mapAnthropicError(error: unknown, { signal, deadline, timeoutMs, streamed, apiKey }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted || error instanceof APIConnectionTimeoutError) return LlmProviderError.of('timeout', `The request timed out after ${timeoutMs} ms`)
  if (error instanceof LlmProviderError) return error
  const redact = (message: string) => (apiKey ? message.replaceAll(apiKey, '[redacted]') : message)
  const message = redact(error instanceof Error ? error.message : String(error))
  // A connection lost (the SDK's APIConnectionError, or fetch's bare TypeError from a custom fetch) before or during the answer.
  const lostConnection = error instanceof APIConnectionError || error instanceof TypeError
  if (lostConnection) return LlmProviderError.of(streamed ? 'cut_stream' : 'network', message)
  if (!(error instanceof APIError)) return LlmProviderError.of(streamed ? 'cut_stream' : 'server', message)
  // The SDK's message starts with the status, which the failure's own text names.
  if (error.status !== undefined) return failureOfVendorStatus(error, message.replace(/^\d{3} /, ''))
  const reason = error.type ? reasonOfType[error.type] : undefined
  if (reason === 'rate_limited') return LlmProviderError.of(reason, message, { retryAfterMs: retryAfterMs(error.headers) })
  if (reason) return LlmProviderError.of(reason, message)
  // An `invalid_request_error` event reads like a 400: the context length, the content filter or a bad request.
  if (error.type === 'invalid_request_error') {
    return LlmProviderError.of(contextLimit.test(message) ? 'context_too_long' : (failureOfStatus(400, message).reason ?? 'bad_request'), message)
  }
  return LlmProviderError.of(streamed ? 'cut_stream' : 'server', message)
}
