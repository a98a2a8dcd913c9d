import { failureOfStatus, LlmProviderError, retryAfterMs } from '@troupe/sdk/plugin'
import {
  ConnectionError,
  MistralError,
  RequestTimeoutError,
  ResponseValidationError,
  SDKValidationError,
  UnexpectedClientError
} from '@mistralai/mistralai/models/errors'

/** One issue of a request Mistral refused as invalid (FastAPI's `detail` list). */
interface ValidationIssue {
  loc?: Array<string | number>
  msg?: string
}

/**
 * The error bodies Mistral answers: `{object: "error", message, type, param, code}` (its documented
 * format, where a validation failure's `message` may be `{detail: [...]}`), a bare `{detail: [...]}`
 * on a 422, `{message, request_id}` from its gateway (401), and `{error: {message}, guardrails}`
 * when a guardrail blocked the prompt (403).
 */
interface MistralErrorBody {
  message?: string | { detail?: ValidationIssue[] }
  type?: string
  code?: string | number | null
  detail?: ValidationIssue[]
  error?: { message?: string }
  guardrails?: unknown
}

// A body too long to be Mistral's own (an HTML page from a proxy) is cut to this in messages.
const maxQuotedChars = 300

function parsed(text: string): MistralErrorBody | undefined {
  try {
    const body: unknown = JSON.parse(text)
    return typeof body === 'object' && body !== null ? (body as MistralErrorBody) : undefined
  } catch {
    return undefined
  }
}

function issues(detail: ValidationIssue[]): string {
  return detail.map((issue) => `${(issue.loc ?? []).join('.')}: ${issue.msg ?? 'invalid'}`).join('; ')
}

/** The vendor's own words for a failure, whichever of its bodies it sent. */
export function messageOfMistralBody(text: string): string {
  const body = parsed(text)
  if (typeof body?.message === 'string') return body.message
  const detail = body?.detail ?? (typeof body?.message === 'object' ? body.message.detail : undefined)
  if (Array.isArray(detail)) return issues(detail)
  if (typeof body?.error?.message === 'string') return body.error.message
  const raw = text.trim()
  if (!raw) return 'no body'
  return raw.length > maxQuotedChars ? `${raw.slice(0, maxQuotedChars)}…` : raw
}

/**
 * The failure an HTTP error from Mistral means. Two of its answers read otherwise under the
 * generic status rules: a 429 `service_tier_capacity_exceeded` (code 3505) is Mistral out of
 * capacity for the model, not this tenant's rate (`overloaded`); a 403 with `guardrails` is the
 * tenant's moderation refusing the prompt, not a key lacking rights (`content_filtered`). The rest
 * follow `failureOfStatus` (401/403 auth, 429 rate limited with `Retry-After`, 503 overloaded,
 * 5xx server, a 400 "too large for model with N maximum context length" context too long).
 */
export function failureOfMistralResponse(status: number, text: string, headers?: { get(name: string): string | null }): LlmProviderError {
  const body = parsed(text)
  const message = messageOfMistralBody(text)
  if (body?.guardrails !== undefined || /blocked by guardrail|guardrail evaluation/i.test(message)) {
    return LlmProviderError.of('content_filtered', `HTTP ${status}: ${message}`, { status })
  }
  if (status === 429 && (body?.type === 'service_tier_capacity_exceeded' || String(body?.code) === '3505')) {
    return LlmProviderError.of('overloaded', `HTTP ${status}: ${message}`, { status, retryAfterMs: retryAfterMs(headers) })
  }
  return failureOfStatus(status, message, headers)
}

export interface FailedCall {
  /** The caller's signal: its abort is a cancellation, never worth a failover. */
  signal?: AbortSignal
  /** Aborted when the call ran past its timeout. */
  deadline: AbortSignal
  timeoutMs: number
  /** Scrubbed from every message, in case a server echoes the key it refused. */
  apiKey?: string
  /** The error came while reading a stream that had begun: the answer broke off. */
  midStream?: boolean
}

function abortError(): Error {
  const error = new Error('The chat was aborted')
  error.name = 'AbortError'
  return error
}

function withMessage(error: LlmProviderError, message: string): LlmProviderError {
  if (message === error.message) return error
  return new LlmProviderError(message, error.retryable, error.status, { reason: error.reason, retryAfterMs: error.retryAfterMs })
}

/** Turns whatever a call threw into an AbortError or an `LlmProviderError` carrying the reason the failover chain acts on. */
export function mapMistralError(error: unknown, { signal, deadline, timeoutMs, apiKey, midStream }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted) return LlmProviderError.of('timeout', `The request timed out after ${timeoutMs} ms`)
  const redact = (message: string) => (apiKey ? message.replaceAll(apiKey, '[redacted]') : message)
  if (error instanceof LlmProviderError) return withMessage(error, redact(error.message))
  const message = redact(error instanceof Error ? error.message : String(error))
  // A socket closed or a chunk that is not Mistral's after the first tokens: the answer is partial.
  if (midStream) return LlmProviderError.of('cut_stream', `The stream broke off: ${message}`)
  // Checked before MistralError, its base class: a 2xx the SDK could not read as Mistral's answer.
  if (error instanceof ResponseValidationError) return LlmProviderError.of('server', `Mistral's answer could not be read: ${message}`, { status: error.statusCode })
  if (error instanceof MistralError) {
    const failure = failureOfMistralResponse(error.statusCode, error.body, error.headers)
    return withMessage(failure, redact(failure.message))
  }
  if (error instanceof RequestTimeoutError) return LlmProviderError.of('timeout', message)
  if (error instanceof ConnectionError) return LlmProviderError.of('network', message)
  if (error instanceof SDKValidationError) return LlmProviderError.of('bad_request', message)
  if (error instanceof UnexpectedClientError && error.cause instanceof TypeError) return LlmProviderError.of('network', message)
  // Anything else came from the host's fetch (an address its policy refuses) or is a fault here:
  // no vendor failure, so no reason, and no other provider is asked on its account.
  return new LlmProviderError(message, false)
}
