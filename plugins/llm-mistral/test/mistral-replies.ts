import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'

/**
 * How the stand-in answers one request. `delayMs` waits before the status line.
 * - `json`: a JSON body (an answer, or an error body with `status` and `headers`).
 * - `stream`: server-sent events, each chunk as `data: <json>`; `end` says how the stream stops:
 *   `done` (the default) with `data: [DONE]` as Mistral does, `quiet` without it, `cut` by
 *   dropping the connection, `hang` never (the connection stays open until the client goes).
 * - `hang`: no answer at all until the client goes.
 * - `drop`: the connection closes without an answer.
 */
export type FakeReply =
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  | { stream: unknown[]; end?: 'done' | 'quiet' | 'cut' | 'hang'; chunkDelayMs?: number; delayMs?: number }
  | { hang: true }
  | { drop: true }

export interface WireUsage {
  prompt_tokens: number
  completion_tokens: number
  /** `prompt_tokens_details.cached_tokens`, when some prompt tokens came from Mistral's cache. */
  cached_tokens?: number
}

export interface WireToolCall {
  /** Mistral's ids are nine letters and digits; a fresh one when absent. */
  id?: string
  name: string
  /** A JSON string, as Mistral sends them. */
  arguments: string
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A tool call id as Mistral makes them: nine letters and digits (`gSIMJiOkT`). */
export function mistralToolCallId(): string {
  return Array.from(randomBytes(9), (byte) => alphabet[byte % alphabet.length]).join('')
}

/** Mistral's ids of completions: 32 hex digits. */
function completionId(): string {
  return randomUUID().replaceAll('-', '')
}

function wireUsage({ prompt_tokens, completion_tokens, cached_tokens }: WireUsage) {
  return {
    prompt_tokens,
    total_tokens: prompt_tokens + completion_tokens,
    completion_tokens,
    ...(cached_tokens !== undefined && { prompt_tokens_details: { cached_tokens } })
  }
}

function wireToolCalls(calls: WireToolCall[]) {
  return calls.map((call) => ({ id: call.id ?? mistralToolCallId(), function: { name: call.name, arguments: call.arguments } }))
}

/** A chat completion (`stream: false`) answering `content` or `toolCalls`, as Mistral sends it. */
export function completionReply({
  model,
  content,
  toolCalls,
  finishReason = toolCalls ? 'tool_calls' : 'stop',
  usage
}: {
  model: string
  content?: string
  toolCalls?: WireToolCall[]
  finishReason?: string
  usage: WireUsage
}): FakeReply {
  const message = toolCalls ? { role: 'assistant', tool_calls: wireToolCalls(toolCalls) } : { role: 'assistant', content: content ?? '', tool_calls: null }
  return {
    json: {
      id: completionId(),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message, finish_reason: finishReason }],
      usage: wireUsage(usage)
    }
  }
}

/**
 * A stream's chunks, sharing one id as Mistral's do: the first says the role, the last carries the
 * finish reason and the usage (Mistral sends usage without being asked, in its last chunk).
 */
export function streamChunks(model: string, deltas: Array<Record<string, unknown>>, end?: { finishReason: string; usage: WireUsage }) {
  const id = completionId()
  const created = Math.floor(Date.now() / 1000)
  return deltas.map((delta, index) => {
    const last = end && index === deltas.length - 1
    return {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: last ? end.finishReason : null, logprobs: null }],
      ...(last && { usage: wireUsage(end.usage) })
    }
  })
}

/** A streamed answer of `pieces` of text. */
export function textStreamReply(model: string, pieces: string[], usage: WireUsage, finishReason = 'stop'): FakeReply {
  return { stream: streamChunks(model, [{ role: 'assistant', content: '' }, ...pieces.map((content) => ({ content }))], { finishReason, usage }) }
}

/** A streamed answer calling tools: Mistral sends the calls whole, side by side, in one chunk. */
export function toolCallStreamReply(model: string, calls: WireToolCall[], usage: WireUsage): FakeReply {
  return { stream: streamChunks(model, [{ role: 'assistant', content: '' }, { content: null, tool_calls: wireToolCalls(calls) }], { finishReason: 'tool_calls', usage }) }
}

/** An error in Mistral's documented format, `{object: "error", message, type, param, code}`. */
export function errorReply(status: number, message: string, type: string, code: string | null = null, headers?: Record<string, string>): FakeReply {
  return { status, headers, json: { object: 'error', message, type, param: null, code } }
}

/** The errors Mistral answers for the failures the failover chain tells apart, as it words them. */
export const mistralErrors = {
  /** Its gateway's answer to a wrong or revoked key. */
  unauthorized: (): FakeReply => ({ status: 401, json: { message: 'Unauthorized', request_id: completionId() } }),
  noKey: (): FakeReply => ({ status: 401, json: { message: 'No API key found in request', request_id: completionId() } }),
  rateLimited: (retryAfterSeconds?: number): FakeReply =>
    errorReply(429, 'Rate limit exceeded', 'rate_limited', '1300', retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) }),
  /** Mistral out of capacity for the model: a 429 too, told apart by its type and code. */
  capacityExceeded: (retryAfterSeconds?: number): FakeReply =>
    errorReply(429, 'Service tier capacity exceeded for this model.', 'service_tier_capacity_exceeded', '3505', retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) }),
  contextTooLong: (promptTokens: number, contextLength = 131072): FakeReply =>
    errorReply(400, `Prompt contains ${promptTokens} tokens, too large for model with ${contextLength} maximum context length`, 'invalid_request_error'),
  /** A guardrail (`guardrails` in the request) refused the prompt: Mistral's documented 403. */
  guardrailBlocked: (category = 'violence_and_threats'): FakeReply => ({
    status: 403,
    json: {
      error: { message: 'Content blocked by guardrail', status: 403 },
      guardrails: {
        results: {
          moderation_llm_v2: {
            model_name: 'mistral-moderation-2603',
            decisions: { [category]: { threshold: 0.2, score: 0.91, violated: true } },
            violated: true,
            action: 'block'
          }
        }
      }
    }
  }),
  /** What Mistral answers when its model server fails (a 500 in its format). */
  serverError: (): FakeReply => errorReply(500, 'Internal server error', 'internal_server_error', '3000')
}

/** A rough token count, four characters a token, never zero: enough for usage that looks real. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4))
}

/** Text cut where Mistral's tokenizer tends to: each piece a word with the space before it. */
export function splitIntoPieces(text: string): string[] {
  return text.match(/\s*\S+\s*$|\s*\S+/g) ?? [text]
}

export interface ChatRequestBody {
  model: string
  stream?: boolean
  messages: unknown[]
}

/** A scripted answer of the shared provider contract in Mistral's wire format, streamed when the request streams. */
export function scriptedReply(answer: ScriptedAnswer, request: ChatRequestBody): FakeReply {
  const promptTokens = estimateTokens(JSON.stringify(request.messages))
  const streamed = request.stream === true
  if ('text' in answer) {
    const pieces = splitIntoPieces(answer.text)
    const usage = { prompt_tokens: promptTokens, completion_tokens: pieces.length }
    return streamed ? textStreamReply(request.model, pieces, usage) : completionReply({ model: request.model, content: answer.text, usage })
  }
  if ('toolCalls' in answer) {
    const calls = answer.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: JSON.stringify(args) }))
    const usage = { prompt_tokens: promptTokens, completion_tokens: estimateTokens(JSON.stringify(calls)) }
    return streamed ? toolCallStreamReply(request.model, calls, usage) : completionReply({ model: request.model, toolCalls: calls, usage })
  }
  if ('hang' in answer) {
    return streamed ? { stream: streamChunks(request.model, [{ role: 'assistant', content: '' }, { content: 'Once' }]), end: 'hang' } : { hang: true }
  }
  switch (answer.failure) {
    case 'auth':
      return mistralErrors.unauthorized()
    case 'rate_limited':
      return mistralErrors.rateLimited(answer.retryAfterSeconds)
    case 'overloaded':
      return mistralErrors.capacityExceeded(answer.retryAfterSeconds)
    case 'context_too_long':
      return mistralErrors.contextTooLong(131072 + promptTokens)
    case 'content_filtered':
      return mistralErrors.guardrailBlocked()
    case 'cut_stream':
      // A non-streaming answer has nothing to cut: its connection drops before any answer.
      return streamed ? { stream: streamChunks(request.model, [{ role: 'assistant', content: '' }, { content: 'Once upon' }, { content: ' a time' }]), end: 'cut' } : { drop: true }
  }
}

/**
 * Vectors as mistral-embed answers them (1024 numbers, or `output_dimension`), the same for the
 * same text: derived from its hash, so tests can compare them.
 */
export function embeddingReply(body: { model: string; input: string | string[]; output_dimension?: number | null }): FakeReply {
  const texts = typeof body.input === 'string' ? [body.input] : body.input
  const dimensions = body.output_dimension ?? 1024
  const promptTokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0)
  return {
    json: {
      id: completionId(),
      object: 'list',
      data: texts.map((text, index) => ({ object: 'embedding', embedding: vectorOf(text, dimensions), index })),
      model: body.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0, prompt_audio_seconds: null }
    }
  }
}

function vectorOf(text: string, dimensions: number): number[] {
  const vector: number[] = []
  for (let block = 0; vector.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest()
    for (let i = 0; i + 1 < digest.length && vector.length < dimensions; i += 2) vector.push((digest.readUInt16BE(i) - 32768) / 262144)
  }
  return vector
}
