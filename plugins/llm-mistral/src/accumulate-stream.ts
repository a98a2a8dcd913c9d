import type { CompletionEvent, UsageInfo } from '@mistralai/mistralai/models/components'
import { textOf, type RawToolCall } from './from-mistral-choice.js'

export interface StreamedReply {
  text: string
  toolCalls: RawToolCall[]
  finishReason: string | null
  model: string | undefined
  usage: UsageInfo | undefined
}

/**
 * Reads a Mistral chat stream, passing text deltas to `onToken`. Mistral's own models send each
 * tool call whole, in one chunk, with no index (the SDK reads it as 0) and parallel calls side by
 * side; some models it hosts send a call in fragments, the first with the id and later ones
 * (whose id the SDK fills with the string "null") appending arguments to the call at their index.
 * Usage comes with the last chunk; the last one seen wins.
 */
export async function accumulateStream(stream: AsyncIterable<CompletionEvent>, onToken: (token: string) => void): Promise<StreamedReply> {
  const reply: StreamedReply = { text: '', toolCalls: [], finishReason: null, model: undefined, usage: undefined }
  const callsByIndex = new Map<number, RawToolCall>()
  for await (const { data: chunk } of stream) {
    reply.model ||= chunk.model
    if (chunk.usage) reply.usage = chunk.usage
    const choice = chunk.choices[0]
    if (!choice) continue
    if (choice.finishReason) reply.finishReason = choice.finishReason
    const text = textOf(choice.delta.content)
    if (text) {
      reply.text += text
      onToken(text)
    }
    for (const fragment of choice.delta.toolCalls ?? []) {
      const index = fragment.index ?? 0
      const args = fragment.function.arguments
      const startsCall = fragment.id !== undefined && fragment.id !== 'null'
      const call = startsCall ? undefined : (callsByIndex.get(index) ?? reply.toolCalls.at(-1))
      if (!call) {
        const fresh: RawToolCall = { id: startsCall ? fragment.id! : '', name: fragment.function.name, arguments: args }
        reply.toolCalls.push(fresh)
        callsByIndex.set(index, fresh)
        continue
      }
      if (fragment.function.name) call.name ||= fragment.function.name
      call.arguments = typeof args === 'string' && typeof call.arguments === 'string' ? call.arguments + args : args
    }
  }
  return reply
}
