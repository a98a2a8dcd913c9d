import { failureOfStatus, LlmProviderError, retryAfterMs, type LlmFailureReason } from '@troupe/sdk/plugin'

export interface FailedCall {
  /** The caller's signal: its abort is a cancellation, never worth a failover. */
  signal?: AbortSignal
  /** Aborted when the call ran past its timeout. */
  deadline: AbortSignal
  timeoutMs: number
  /** Whether the reply had started streaming: a failure from then on cuts an answer under way. */
  streamed: boolean
  /** Scrubbed from messages, in case an endpoint echoes the secret it refused. */
  secretAccessKey?: string
}

/**
 * What Bedrock's error types mean, whether they come as an HTTP error (`x-amzn-errortype`) or as
 * an exception message inside the event stream (which has no status). `ValidationException` is
 * read from its message instead: the context length, the content filter, or a bad request.
 */
export const reasonOfErrorType: Readonly<Record<string, LlmFailureReason>> = {
  UnrecognizedClientException: 'auth',
  InvalidSignatureException: 'auth',
  IncompleteSignatureException: 'auth',
  MissingAuthenticationTokenException: 'auth',
  AccessDeniedException: 'auth',
  ExpiredTokenException: 'auth',
  ThrottlingException: 'rate_limited',
  ServiceQuotaExceededException: 'rate_limited',
  ServiceUnavailableException: 'overloaded',
  ModelNotReadyException: 'overloaded',
  InternalServerException: 'server',
  ModelErrorException: 'server',
  ModelStreamErrorException: 'server',
  ModelTimeoutException: 'timeout',
  ResourceNotFoundException: 'bad_request',
  ConflictException: 'bad_request'
}

/** An SDK service error: its type as `name`, the HTTP status and the raw response where there was one. */
interface ServiceError {
  name: string
  message: string
  $fault?: 'client' | 'server'
  $metadata?: { httpStatusCode?: number }
  $response?: { headers?: Record<string, string | undefined> }
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && '$fault' in error
}

function abortError(): Error {
  const error = new Error('The chat was aborted')
  error.name = 'AbortError'
  return error
}

/** Header lookup over the SDK's plain header object (whose names the fetch handler gives in lower case). */
function headersOf(error: ServiceError): { get(name: string): string | null } {
  const headers = error.$response?.headers ?? {}
  return { get: (name) => headers[name.toLowerCase()] ?? null }
}

function failureOfServiceError(error: ServiceError, message: string, streamed: boolean): LlmProviderError {
  const status = error.$metadata?.httpStatusCode
  const text = `${error.name}${status ? ` (HTTP ${status})` : ''}: ${message}`
  const reason = reasonOfErrorType[error.name]
  if (reason === 'rate_limited' || reason === 'overloaded') return LlmProviderError.of(reason, text, { status, retryAfterMs: retryAfterMs(headersOf(error)) })
  if (reason) return LlmProviderError.of(reason, text, { status })
  if (error.name === 'ValidationException') return LlmProviderError.of(failureOfStatus(400, message).reason ?? 'bad_request', text, { status })
  if (status) return LlmProviderError.of(failureOfStatus(status, message).reason ?? 'server', text, { status })
  return LlmProviderError.of(streamed ? 'cut_stream' : 'server', text)
}

/** Turns whatever a call threw into an AbortError or an `LlmProviderError` whose reason tells the failover chain what to do. */
export function mapBedrockError(error: unknown, { signal, deadline, timeoutMs, streamed, secretAccessKey }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted) return LlmProviderError.of('timeout', `The request timed out after ${timeoutMs} ms`)
  if (error instanceof LlmProviderError) return error
  const redact = (message: string) => (secretAccessKey ? message.replaceAll(secretAccessKey, '[redacted]') : message)
  const message = redact(error instanceof Error ? error.message : String(error))
  if (isServiceError(error)) return failureOfServiceError(error, message, streamed)
  // fetch's TypeError: the connection was refused or lost, before or during the answer.
  if (error instanceof TypeError) return LlmProviderError.of(streamed ? 'cut_stream' : 'network', message)
  return LlmProviderError.of(streamed ? 'cut_stream' : 'server', message)
}
