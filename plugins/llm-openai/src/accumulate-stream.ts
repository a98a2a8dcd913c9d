import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import type { RawToolCall } from './from-openai-choice.js'

export interface StreamedReply {
  text: string
  toolCalls: RawToolCall[]
  finishReason: string | null
  model: string | undefined
  usage: { promptTokens: number; completionTokens: number; cachedPromptTokens?: number }
}

/** Reads a Chat Completions stream, passing content deltas to `onToken` and joining tool call fragments by index. */
export async function accumulateStream(
  stream: AsyncIterable<ChatCompletionChunk>,
  onToken: (token: string) => void
): Promise<StreamedReply> {
  const reply: StreamedReply = { text: '', toolCalls: [], finishReason: null, model: undefined, usage: { promptTokens: 0, completionTokens: 0 } }
  const callsByIndex = new Map<number, RawToolCall>()
  for await (const chunk of stream) {
    reply.model ||= chunk.model
    if (chunk.usage) {
      const cached = chunk.usage.prompt_tokens_details?.cached_tokens
      reply.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens, ...(cached ? { cachedPromptTokens: cached } : {}) }
    }
    const choice = chunk.choices[0]
    if (!choice) continue
    if (choice.finish_reason) reply.finishReason = choice.finish_reason
    if (choice.delta.content) {
      reply.text += choice.delta.content
      onToken(choice.delta.content)
    }
    for (const fragment of choice.delta.tool_calls ?? []) {
      const call = callsByIndex.get(fragment.index) ?? { id: '', name: '', arguments: '' }
      callsByIndex.set(fragment.index, call)
      if (fragment.id) call.id = fragment.id
      if (fragment.function?.name) call.name = fragment.function.name
      call.arguments += fragment.function?.arguments ?? ''
    }
  }
  reply.toolCalls = [...callsByIndex.entries()].sort(([a], [b]) => a - b).map(([, call]) => call)
  return reply
}
