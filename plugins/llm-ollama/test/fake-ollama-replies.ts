/** Replies the Ollama stand-in can give, and builders for the usual ones, shaped like Ollama's own. */
import type { ScriptedAnswer, ScriptedFailure } from '@troupe/sdk/plugin/testing/provider-contract'

/** How the stand-in answers one request. `delayMs` waits before the status line is sent. */
export type FakeOllamaReply =
  /**
   * A 200 stream, one JSON object per line (`application/x-ndjson`), `lineDelayMs` apart. Lines
   * that are reply events get the request's `model` and a `created_at` of when they are sent,
   * unless they carry their own. After the last line `stall` keeps the connection open and `drop`
   * cuts it; otherwise the response ends. A request with `stream: false` gets the lines merged
   * into one JSON object as Ollama does (an error line: a 500 with it; no done line: the
   * connection cut).
   */
  | { lines: unknown[]; lineDelayMs?: number; stall?: boolean; drop?: boolean; delayMs?: number }
  /** One JSON body: an `/api/embed` answer, or an error `{error}` with its status and any headers a proxy adds (`retry-after`). */
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  /** A body that is not JSON, such as a proxy's error page. */
  | { text: string; status: number; headers?: Record<string, string>; delayMs?: number }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { hang: true }

export interface ToolCallSpec {
  name: string
  arguments: Record<string, unknown>
  /** Ollama 0.12+ names each call `call_` and 8 letters or digits; `null` sends none, as older servers do. */
  id?: string | null
}

/** Splits text roughly as a tokenizer would: words with their leading space, punctuation on its own. */
export function tokensOf(text: string): string[] {
  return text.match(/\s*(?:[\p{L}\p{N}]+|[^\s\p{L}\p{N}])|\s+/gu) ?? []
}

/** A stream line carrying a piece of the answer. */
export function contentLine(content: string) {
  return { message: { role: 'assistant', content }, done: false }
}

/** A stream line with whole tool calls, numbered by their `index`, as Ollama sends them. */
export function toolCallsLine(calls: ToolCallSpec[]) {
  return {
    message: {
      role: 'assistant',
      content: '',
      tool_calls: calls.map((call, index) => ({
        ...(call.id !== null && { id: call.id ?? ollamaCallId() }),
        function: { index, name: call.name, arguments: call.arguments }
      }))
    },
    done: false
  }
}

/** The final line: the reason and the counts, with durations in nanoseconds as a small local model takes them. */
export function doneLine({ doneReason = 'stop', promptEvalCount = 26, evalCount = 1 }: { doneReason?: string; promptEvalCount?: number; evalCount?: number } = {}) {
  const loadDuration = 21_187_292
  const promptEvalDuration = promptEvalCount * 2_431_000
  const evalDuration = evalCount * 17_862_000
  return {
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: doneReason,
    total_duration: loadDuration + promptEvalDuration + evalDuration + 1_304_125,
    load_duration: loadDuration,
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: promptEvalDuration,
    eval_count: evalCount,
    eval_duration: evalDuration
  }
}

/** What Ollama writes when generation fails after the stream began (the status stays 200). */
export function errorLine(message = 'an error was encountered while running the model') {
  return { error: message }
}

/** A streamed answer of `text`, token by token, then the done line. */
export function textReply(text: string, { promptEvalCount, doneReason }: { promptEvalCount?: number; doneReason?: string } = {}): FakeOllamaReply {
  const tokens = tokensOf(text)
  return { lines: [...tokens.map(contentLine), doneLine({ promptEvalCount, doneReason, evalCount: tokens.length + 1 })] }
}

/** The model calling tools (several: parallel calls), then the done line; Ollama says `stop` here too. */
export function toolCallReply(calls: ToolCallSpec[], { promptEvalCount = 182 }: { promptEvalCount?: number } = {}): FakeOllamaReply {
  return { lines: [toolCallsLine(calls), doneLine({ promptEvalCount, evalCount: 12 * calls.length + 6 })] }
}

/** An error in Ollama's format, `{"error": "..."}`, with its status and any headers. */
export function errorReply(status: number, message: string, headers?: Record<string, string>): FakeOllamaReply {
  return { status, json: { error: message }, ...(headers && { headers }) }
}

/** Ollama's answer for a model it has not pulled. */
export function modelNotFoundReply(model: string): FakeOllamaReply {
  return errorReply(404, `model "${model}" not found, try pulling it first`)
}

/**
 * Each failure class as it reaches a client: Ollama's own answers (a full queue, a prompt longer
 * than the context, a stream that stops) and those of a proxy in front of it (a refused key, a
 * rate limit with `retry-after`, a content filter: Ollama itself has none).
 */
export function failureReply(failure: ScriptedFailure, retryAfterSeconds?: number): FakeOllamaReply {
  const retryAfter = retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) }
  switch (failure) {
    case 'auth':
      return errorReply(401, 'unauthorized', { 'www-authenticate': 'Bearer' })
    case 'rate_limited':
      return errorReply(429, 'too many requests, please slow down', retryAfter)
    case 'overloaded':
      return errorReply(503, 'server busy, please try again.  maximum pending requests exceeded', retryAfter)
    case 'context_too_long':
      return errorReply(
        400,
        'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length'
      )
    case 'content_filtered':
      return errorReply(400, 'request blocked by the content filter of the gateway: the prompt violates its content policy')
    case 'cut_stream':
      return { lines: [contentLine('Once'), contentLine(' upon'), contentLine(' a')] }
  }
}

/** An `/api/embed` answer for the request's inputs: one unit vector per input, the same for the same text. */
export function embedReply(body: { model: string; input: string | string[]; dimensions?: number }): FakeOllamaReply {
  const inputs = typeof body.input === 'string' ? [body.input] : body.input
  return {
    json: {
      model: body.model,
      embeddings: inputs.map((text) => unitVector(text, body.dimensions ?? 768)),
      total_duration: 14_143_917,
      load_duration: 1_019_500,
      prompt_eval_count: inputs.reduce((count, text) => count + tokensOf(text).length + 2, 0)
    }
  }
}

/** The reply to an answer of the shared provider contract (`describeProviderContract`). */
export function scriptedReply(answer: ScriptedAnswer): FakeOllamaReply {
  if ('text' in answer) return textReply(answer.text)
  if ('toolCalls' in answer) return toolCallReply(answer.toolCalls)
  if ('failure' in answer) return failureReply(answer.failure, answer.retryAfterSeconds)
  return { lines: [contentLine('Once')], stall: true }
}

function ollamaCallId(): string {
  return `call_${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}`
}

// A seeded generator, so that a text always gets the same vector.
function unitVector(text: string, dimensions: number): number[] {
  let seed = 2166136261
  for (const char of text) seed = Math.imul(seed ^ char.codePointAt(0)!, 16777619) >>> 0
  const values = Array.from({ length: dimensions }, () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
    return seed / 2 ** 32 - 0.5
  })
  const length = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0))
  return values.map((value) => Math.fround(value / length))
}
