import { randomBytes, randomUUID } from 'node:crypto'
import { EventStreamCodec, type MessageHeaders } from '@smithy/core/event-streams'

/** Replies the Bedrock stand-in can give, and builders for them in Bedrock's wire format. */

/** One event-stream message: an event (`messageStart`, `contentBlockDelta`...) or an exception (`throttlingException`...). */
export type StreamMessage = { event: string; data: Record<string, unknown> } | { exception: string; message: string }

/** How the stand-in answers one request. */
export type FakeReply =
  /** A JSON body: a Converse response, or an error with `status` and its `x-amzn-errortype`. */
  | { json: unknown; status?: number; errorType?: string; headers?: Record<string, string> }
  /**
   * A 200 `application/vnd.amazon.eventstream` response. After the messages the response ends
   * (`close`, the default), the connection is cut (`drop`), or nothing more comes (`hang`).
   */
  | { messages: StreamMessage[]; messageDelayMs?: number; then?: 'close' | 'drop' | 'hang' }
  /** Never answers. */
  | { hang: true }

/** A content block of an assistant message as Converse returns it. */
export type ReplyBlock = { text: string } | { toolUse: { toolUseId: string; name: string; input: Record<string, unknown> } }

export interface ReplyUsage {
  inputTokens: number
  outputTokens: number
  cacheReadInputTokens?: number
  cacheWriteInputTokens?: number
}

/** A Converse response. */
export interface ConverseReply {
  output: { message: { role: 'assistant'; content: ReplyBlock[] } }
  stopReason: string
  usage: ReplyUsage & { totalTokens: number }
  metrics: { latencyMs: number }
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** A tool use id shaped like Bedrock's (`tooluse_` and 22 characters). */
export function toolUseId(): string {
  return 'tooluse_' + [...randomBytes(22)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

export const text = (value: string): ReplyBlock => ({ text: value })
export const toolUse = (name: string, input: Record<string, unknown>, id = toolUseId()): ReplyBlock => ({ toolUse: { toolUseId: id, name, input } })

/** Roughly the tokens a text takes (four characters each). */
export function tokenCount(value: unknown): number {
  return Math.ceil((typeof value === 'string' ? value : JSON.stringify(value)).length / 4)
}

/** A whole Converse response; `stopReason` follows the content unless given. */
export function converseReply({
  content,
  stopReason = content.some((block) => 'toolUse' in block) ? 'tool_use' : 'end_turn',
  usage = { inputTokens: 12, outputTokens: Math.max(1, tokenCount(content)) }
}: {
  content: ReplyBlock[]
  stopReason?: string
  usage?: ReplyUsage
}): ConverseReply {
  const totalTokens = usage.inputTokens + usage.outputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0)
  return { output: { message: { role: 'assistant', content } }, stopReason, usage: { ...usage, totalTokens }, metrics: { latencyMs: 412 } }
}

/** Splits text as a model streams it: a word with the space before it. */
export function textChunks(value: string): string[] {
  return value.match(/\s*\S+\s*$|\s*\S+/g) ?? (value ? [value] : [])
}

/** A tool call's input JSON in fragments, as `contentBlockDelta` events carry it. */
function jsonFragments(input: Record<string, unknown>): string[] {
  const json = JSON.stringify(input)
  const fragments: string[] = []
  for (let at = 0; at < json.length; at += 7) fragments.push(json.slice(at, at + 7))
  return fragments
}

/**
 * The events that stream `reply`, in the order ConverseStream sends them: `messageStart`, for
 * each block its `contentBlockStart` (tool use only), deltas and `contentBlockStop`, then
 * `messageStop` with the stop reason and `metadata` with usage and metrics.
 */
export function streamEvents(reply: ConverseReply): StreamMessage[] {
  const events: StreamMessage[] = [{ event: 'messageStart', data: { role: 'assistant' } }]
  reply.output.message.content.forEach((block, contentBlockIndex) => {
    if ('text' in block) {
      for (const piece of textChunks(block.text)) events.push({ event: 'contentBlockDelta', data: { contentBlockIndex, delta: { text: piece } } })
    } else {
      const { toolUseId, name, input } = block.toolUse
      events.push({ event: 'contentBlockStart', data: { contentBlockIndex, start: { toolUse: { toolUseId, name } } } })
      for (const fragment of jsonFragments(input)) events.push({ event: 'contentBlockDelta', data: { contentBlockIndex, delta: { toolUse: { input: fragment } } } })
    }
    events.push({ event: 'contentBlockStop', data: { contentBlockIndex } })
  })
  events.push({ event: 'messageStop', data: { stopReason: reply.stopReason } })
  events.push({ event: 'metadata', data: { usage: reply.usage, metrics: reply.metrics } })
  return events
}

/** The reply to a request: the whole response, or its events when the request streams. */
export function answering(streaming: boolean, reply: ConverseReply): FakeReply {
  return streaming ? { messages: streamEvents(reply) } : { json: reply }
}

/** The `x-amzn-errortype` namespaces Bedrock's front ends send. */
const coral = 'http://internal.amazon.com/coral/com.amazon.coral.service/'
const bedrock = 'http://internal.amazon.com/coral/com.amazon.bedrock/'
const authErrors = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'MissingAuthenticationTokenException', 'ExpiredTokenException'])

/** An HTTP error as Bedrock sends it: the status, `x-amzn-errortype: <Type>:<namespace>` and `{"message"}`. */
export function apiError(status: number, type: string, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, errorType: `${type}:${authErrors.has(type) ? coral : bedrock}`, json: { message }, headers }
}

const toUtf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8')
const fromUtf8 = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'))
const codec = new EventStreamCodec(toUtf8, fromUtf8)

const header = (value: string) => ({ type: 'string' as const, value })

/**
 * One message in the `application/vnd.amazon.eventstream` framing (prelude, headers, payload,
 * CRCs). Events carry the `p` padding member Bedrock adds to hide the payload's length.
 */
export function encodeMessage(message: StreamMessage): Uint8Array {
  if ('exception' in message) {
    const headers: MessageHeaders = { ':message-type': header('exception'), ':exception-type': header(message.exception), ':content-type': header('application/json') }
    return codec.encode({ headers, body: fromUtf8(JSON.stringify({ message: message.message })) })
  }
  const padding = alphabet.slice(0, 1 + (randomBytes(1)[0]! % 40))
  const headers: MessageHeaders = { ':message-type': header('event'), ':event-type': header(message.event), ':content-type': header('application/json') }
  return codec.encode({ headers, body: fromUtf8(JSON.stringify({ ...message.data, p: padding })) })
}

/** A request id as Bedrock returns it in `x-amzn-requestid`. */
export const requestId = (): string => randomUUID()
