import { failureOfStatus, LlmProviderError } from '@troupe/sdk/plugin'

function abortError(): Error {
  const error = new Error('The call was aborted')
  error.name = 'AbortError'
  return error
}

export interface FailedCall {
  /** The caller's signal: its abort is a cancellation, never worth a failover. */
  signal?: AbortSignal
  /** Aborted when the call ran past its timeout. */
  deadline: AbortSignal
  timeoutMs: number
  /** The response, when its headers arrived before the failure. */
  response: Response | undefined
  /** The model asked for, named when the server has not pulled it. */
  model: string
  /** Scrubbed from messages, in case a proxy echoes the key it refused. */
  apiKey?: string
}

// Ollama's answer for a model it does not have: `model "llama3.2" not found, try pulling it first`.
const modelNotPulled = /model .* not found/i

/**
 * Turns whatever a call threw into an AbortError or an `LlmProviderError` with its reason, read
 * from what the wire said rather than from the client's error classes: an error status (Ollama's
 * own, or a proxy's 401/403/429 with `retry-after`) by the SDK's status mapping; anything going
 * wrong after a 200 (an `{"error"}` line, the stream ending without its `done` line, the
 * connection lost) as a cut stream; no answer at all as a network failure.
 */
export function mapOllamaError(error: unknown, { signal, deadline, timeoutMs, response, model, apiKey }: FailedCall): Error {
  if (signal?.aborted) return abortError()
  if (deadline.aborted) return LlmProviderError.of('timeout', `The request timed out after ${timeoutMs} ms`)
  if (error instanceof LlmProviderError) return error
  const redact = (text: string) => (apiKey ? text.replaceAll(apiKey, '[redacted]') : text)
  const message = redact(error instanceof Error ? error.message : String(error))
  if (response && !response.ok) {
    // Not a failover reason: every other Ollama server lacks the model just the same until someone pulls it.
    if (response.status === 404 && modelNotPulled.test(message)) {
      return LlmProviderError.of('bad_request', `HTTP 404: ${message}. The model "${model}" must be pulled on the Ollama server first (ollama pull ${model}).`, { status: 404 })
    }
    return failureOfStatus(response.status, message, response.headers)
  }
  if (response) return LlmProviderError.of('cut_stream', `The reply stopped before it was complete: ${message}`)
  // fetch reports a refused, reset or unresolvable connection as a TypeError; anything else (the host refusing the address) is not the network's fault.
  return LlmProviderError.of(error instanceof TypeError ? 'network' : 'bad_request', message)
}
