import { failureOfStatus, LlmProviderError, retryAfterMs } from '@troupe/sdk/plugin'
import type { GoogleErrorBody } from './gemini-wire.js'

type HeadersLike = { get(name: string): string | null }

/**
 * `ErrorInfo` reasons of a key Google refuses. A wrong or expired key is a 400 `INVALID_ARGUMENT`
 * (`API key not valid. Please pass a valid API key.`), not a 401: only the reason tells it from a bad request.
 */
const keyRefused = new Set(['API_KEY_INVALID', 'API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'API_KEY_IP_ADDRESS_BLOCKED', 'CONSUMER_SUSPENDED', 'SERVICE_DISABLED'])

/**
 * Canonical codes that say this key or account may not be served: `FAILED_PRECONDITION` is
 * Google's answer from a region the API does not serve, or for a free tier not offered there.
 * Another provider, with its own key, may well answer.
 */
const accountRefused = new Set(['UNAUTHENTICATED', 'PERMISSION_DENIED', 'FAILED_PRECONDITION'])

// `The input token count (1196265) exceeds the maximum number of tokens allowed (1048576).`
const inputTooLong = /input token count.*exceeds the maximum number of tokens/i

const maxWaitMs = 3_600_000

/** How long `RetryInfo.retryDelay` (a protobuf Duration as JSON: `"7s"`, `"0.5s"`) asks to wait, in ms. */
export function retryInfoDelayMs(body: GoogleErrorBody | undefined): number | undefined {
  const delay = body?.error?.details?.find((detail) => detail['@type'] === 'type.googleapis.com/google.rpc.RetryInfo')?.retryDelay
  const seconds = /^(\d+(?:\.\d+)?)s$/.exec(delay ?? '')?.[1]
  return seconds === undefined ? undefined : Math.min(Math.round(Number(seconds) * 1000), maxWaitMs)
}

/**
 * The failure a Gemini error means, from its HTTP status and Google's error body (`{error: {code,
 * message, status, details}}`): a refused key or account is `auth`, `RESOURCE_EXHAUSTED` is
 * `rate_limited` with the wait `RetryInfo` (else `Retry-After`) asks for, `UNAVAILABLE` is
 * `overloaded`, `DEADLINE_EXCEEDED` a `timeout`, an input over the model's window
 * `context_too_long`, any other `INVALID_ARGUMENT` or `NOT_FOUND` (an unknown model) a
 * `bad_request`; the rest as the SDK reads any HTTP status.
 */
export function failureOfGoogleError(httpStatus: number, body: GoogleErrorBody | undefined, headers?: HeadersLike): LlmProviderError {
  const error = body?.error
  const message = error?.message || 'the endpoint sent no error message'
  const code = error?.status ?? ''
  const described = code ? `${code}: ${message}` : message
  const text = `HTTP ${httpStatus}: ${described}`
  const details = { status: httpStatus }
  if (error?.details?.some((detail) => keyRefused.has(detail.reason ?? '')) || accountRefused.has(code)) return LlmProviderError.of('auth', text, details)
  if (httpStatus === 429 || code === 'RESOURCE_EXHAUSTED') {
    return LlmProviderError.of('rate_limited', text, { ...details, retryAfterMs: retryInfoDelayMs(body) ?? retryAfterMs(headers) })
  }
  if (code === 'UNAVAILABLE') return LlmProviderError.of('overloaded', text, { ...details, retryAfterMs: retryAfterMs(headers) })
  if (httpStatus === 504 || code === 'DEADLINE_EXCEEDED') return LlmProviderError.of('timeout', text, details)
  if (inputTooLong.test(message)) return LlmProviderError.of('context_too_long', text, details)
  // The request's own fault, whatever its words: a message naming `safety_settings` is no filter's
  // refusal (Gemini answers those with a 200), though the SDK's word matching would take it for one.
  if (code === 'INVALID_ARGUMENT' || code === 'NOT_FOUND') return LlmProviderError.of('bad_request', text, details)
  return failureOfStatus(httpStatus, described, headers)
}

/** The failure of an HTTP error response: Google's error body when it is one, a proxy's page otherwise. */
export async function failureOfResponse(response: Response): Promise<LlmProviderError> {
  const text = await response.text()
  let body: GoogleErrorBody | undefined
  try {
    body = JSON.parse(text) as GoogleErrorBody
  } catch {
    body = { error: { message: text.slice(0, 500).trim() || response.statusText } }
  }
  return failureOfGoogleError(response.status, body, response.headers)
}

export interface FailedCall {
  /** The caller's signal: its abort is a cancellation, never worth a failover. */
  signal?: AbortSignal
  /** Aborted when the call ran past its timeout. */
  deadline: AbortSignal
  timeoutMs: number
  /** Whether Gemini had answered 200 (its headers arrived) before the failure. */
  answered: boolean
  /** Scrubbed from every message: Google quotes keys in some of its help links. */
  apiKey?: string
}

function abortError(): Error {
  const error = new Error('The call was aborted')
  error.name = 'AbortError'
  return error
}

/**
 * Turns whatever a call threw into an AbortError or an `LlmProviderError` with the reason the
 * failover chain acts on: Google's errors as `failureOfGoogleError` reads them (raised where the
 * response is read), a stalled call as `timeout`, a reply that broke off after its 200 as
 * `cut_stream`, no answer at all as `network` (or, when the host's fetch refused the address, a
 * `bad_request`: that is not the network's fault). The key never stays in a message.
 */
export function mapGeminiError(error: unknown, { signal, deadline, timeoutMs, answered, apiKey }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted) return LlmProviderError.of('timeout', `The request timed out after ${timeoutMs} ms`)
  const failure = classify(error, answered)
  if (apiKey) failure.message = failure.message.replaceAll(apiKey, '[redacted]')
  return failure
}

function classify(error: unknown, answered: boolean): LlmProviderError {
  if (error instanceof LlmProviderError) return error
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof SyntaxError) return LlmProviderError.of('server', `The endpoint answered with a body that is not Gemini's JSON: ${message}`)
  if (answered) return LlmProviderError.of('cut_stream', `The answer stopped before it was complete: ${message}`)
  // fetch reports a refused, reset or unresolvable connection as a TypeError.
  return LlmProviderError.of(error instanceof TypeError ? 'network' : 'bad_request', message)
}
