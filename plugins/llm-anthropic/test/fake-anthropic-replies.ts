import { randomBytes } from 'node:crypto'

/** Replies the Anthropic stand-in can give, and builders for them in the vendor's wire format. */

/** One server-sent event: `event: <event>` and `data: <JSON of data>`. */
export interface SseEvent {
  event: string
  data: unknown
}

/** How the stand-in answers one request. `delayMs` waits before the status line is sent. */
export type FakeReply =
  /** A JSON body: a message, or an error body with `status`. */
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  /**
   * A 200 server-sent-events stream. After the events the response ends (`close`, the default),
   * the connection is cut (`drop`), or nothing more comes until the client goes away (`hang`).
   */
  | { events: SseEvent[]; eventDelayMs?: number; then?: 'close' | 'drop' | 'hang'; delayMs?: number }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { hang: true }

/** A block of an assistant message, as the API returns it. */
export type ReplyBlock =
  | { type: 'text'; text: string; citations: null }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; caller: { type: 'direct' } }

export interface ReplyUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens?: number
  cache_read_input_tokens?: number
}

/** A message as `POST /v1/messages` returns it. */
export interface ReplyMessage {
  id: string
  type: 'message'
  role: 'assistant'
  model: string
  content: ReplyBlock[]
  stop_reason: string | null
  stop_sequence: string | null
  stop_details: { type: 'refusal'; category: string | null; explanation: string | null } | null
  container: null
  diagnostics: null
  usage: Record<string, unknown>
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** An id shaped like the API's (`msg_01…`, `toolu_01…`, `req_011C…`). */
export function vendorId(prefix: string): string {
  return prefix + [...randomBytes(24)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

export const text = (value: string): ReplyBlock => ({ type: 'text', text: value, citations: null })
export const toolUse = (name: string, input: Record<string, unknown>, id = vendorId('toolu_01')): ReplyBlock => ({ type: 'tool_use', id, name, input, caller: { type: 'direct' } })
/** A thinking block with an opaque signature, as adaptive thinking returns it before a tool call. */
export const thinking = (value: string): ReplyBlock => ({ type: 'thinking', thinking: value, signature: randomBytes(48).toString('base64') })

/** The full `usage` object of a message, from its token counts. */
function fullUsage({ input_tokens, output_tokens, cache_creation_input_tokens = 0, cache_read_input_tokens = 0 }: ReplyUsage) {
  return {
    input_tokens,
    cache_creation_input_tokens,
    cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    output_tokens,
    output_tokens_details: { thinking_tokens: 0 },
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: 'global',
    speed: 'standard'
  }
}

/** A whole message answering `content`; `stop_reason` follows the content unless given. */
export function message({
  content,
  model = 'claude-sonnet-5-5',
  stopReason = content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn',
  stopDetails = null,
  usage = { input_tokens: 12, output_tokens: Math.max(1, tokenCount(content)) }
}: {
  content: ReplyBlock[]
  model?: string
  stopReason?: string
  stopDetails?: ReplyMessage['stop_details']
  usage?: ReplyUsage
}): ReplyMessage {
  return {
    id: vendorId('msg_01'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: stopDetails,
    container: null,
    diagnostics: null,
    usage: fullUsage(usage)
  }
}

/** Roughly the tokens a text takes (four characters each), for realistic usage counts. */
export function tokenCount(content: ReplyBlock[] | string): number {
  const chars = typeof content === 'string' ? content.length : JSON.stringify(content).length
  return Math.ceil(chars / 4)
}

/** Splits text as a model streams it: a word with the space before it. */
export function textChunks(value: string): string[] {
  return value.match(/\s*\S+\s*$|\s*\S+/g) ?? (value ? [value] : [])
}

/** Splits a tool call's input JSON into fragments, as `input_json_delta` events carry it. */
function jsonFragments(input: Record<string, unknown>): string[] {
  const json = JSON.stringify(input)
  const fragments: string[] = []
  for (let at = 0; at < json.length; at += 7) fragments.push(json.slice(at, at + 7))
  return fragments
}

/** The start of a streamed block: its text, input or thinking empty, filled by the deltas that follow. */
function emptied(block: ReplyBlock): ReplyBlock {
  switch (block.type) {
    case 'text':
      return { ...block, text: '' }
    case 'thinking':
      return { ...block, thinking: '', signature: '' }
    case 'tool_use':
      return { ...block, input: {} }
    default:
      return block
  }
}

function deltasOf(block: ReplyBlock): unknown[] {
  switch (block.type) {
    case 'text':
      return textChunks(block.text).map((piece) => ({ type: 'text_delta', text: piece }))
    case 'thinking':
      return [...textChunks(block.thinking).map((piece) => ({ type: 'thinking_delta', thinking: piece })), { type: 'signature_delta', signature: block.signature }]
    case 'tool_use':
      return jsonFragments(block.input).map((partial_json) => ({ type: 'input_json_delta', partial_json }))
    default:
      return []
  }
}

/**
 * The events that stream `reply`, in the order the API sends them: `message_start` (no content,
 * the input usage), a `ping`, each block's start, deltas and stop, `message_delta` (stop reason,
 * cumulative usage) and `message_stop`.
 */
export function messageEvents(reply: ReplyMessage): SseEvent[] {
  const startUsage = { ...reply.usage, output_tokens: 1 }
  const events: SseEvent[] = [
    { event: 'message_start', data: { type: 'message_start', message: { ...reply, content: [], stop_reason: null, stop_details: null, usage: startUsage } } }
  ]
  reply.content.forEach((block, index) => {
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: emptied(block) } })
    if (index === 0) events.push({ event: 'ping', data: { type: 'ping' } })
    for (const delta of deltasOf(block)) events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } })
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } })
  })
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = reply.usage
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: reply.stop_reason, stop_sequence: reply.stop_sequence, stop_details: reply.stop_details, container: null },
      usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, output_tokens_details: null, server_tool_use: null }
    }
  })
  events.push({ event: 'message_stop', data: { type: 'message_stop' } })
  return events
}

/** The error body of the API: `{type: 'error', error: {type, message}, request_id}`. */
export function errorBody(type: string, errorMessage: string) {
  return { type: 'error', error: { type, message: errorMessage }, request_id: vendorId('req_011C') }
}

/** An HTTP error as the API answers it, e.g. `apiError(529, 'overloaded_error', 'Overloaded')`. */
export function apiError(status: number, type: string, errorMessage: string, headers: Record<string, string> = {}): FakeReply {
  return { status, json: errorBody(type, errorMessage), headers }
}

/** The `error` event a stream can carry after its 200 (an overload during the answer, for one). */
export function errorEvent(type: string, errorMessage: string): SseEvent {
  return { event: 'error', data: errorBody(type, errorMessage) }
}

/** `reply` as a JSON body, or streamed when the request asked for a stream. */
export function answering(request: { body?: { stream?: boolean } }, reply: ReplyMessage): FakeReply {
  return request.body?.stream ? { events: messageEvents(reply) } : { json: reply }
}
