import { LlmProviderError, toolCallFromJson, type ChatResult, type TokenUsage, type ToolCall } from '@troupe/sdk/plugin'
import type { ContentChunk, UsageInfo } from '@mistralai/mistralai/models/components'

/** A tool call as Mistral sent it: arguments a JSON string (or, some models, an object already). */
export interface RawToolCall {
  id: string
  name: string
  arguments: string | Record<string, unknown>
}

/**
 * The answer's text. Mistral's reasoning models answer a list of chunks, `thinking` ones before
 * the `text` ones: only the text is the answer.
 */
export function textOf(content: string | ContentChunk[] | null | undefined): string {
  if (typeof content === 'string') return content
  return (content ?? []).map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join('')
}

/** Parses a call's arguments (`toolCallFromJson`); Mistral may also send them already parsed. */
export function toToolCall({ id, name, arguments: args }: RawToolCall): ToolCall {
  return typeof args === 'string' ? toolCallFromJson(id, name, args) : { id, name, arguments: args }
}

/**
 * The reason an answer ended. Mistral says `model_length` when the answer reached the model's
 * context length rather than `max_tokens`; both truncate it. `error` means the model broke off:
 * the text so far is not an answer, so it is a failure (`cut_stream` when streamed, the tokens
 * already passed on are to be dropped), never a result.
 */
export function toFinishReason(reason: string | null | undefined, toolCalls: ToolCall[], { streamed }: { streamed: boolean }): ChatResult['finishReason'] {
  if (reason === 'error') {
    throw LlmProviderError.of(streamed ? 'cut_stream' : 'server', 'Mistral stopped the answer with finish_reason "error"')
  }
  if (toolCalls.length > 0) return 'tool_calls'
  return reason === 'length' || reason === 'model_length' ? 'length' : 'stop'
}

/**
 * Token usage, with the prompt tokens Mistral served from its cache: its SDK keeps the
 * documented `usage.prompt_tokens_details.cached_tokens` as an unparsed extra field. Zero or
 * absent both mean no cache hit.
 */
export function toUsage(usage: UsageInfo | undefined): TokenUsage {
  const details = usage?.['prompt_tokens_details'] as { cached_tokens?: unknown } | null | undefined
  const cached = typeof details?.cached_tokens === 'number' ? details.cached_tokens : 0
  return {
    promptTokens: usage?.promptTokens ?? 0,
    completionTokens: usage?.completionTokens ?? 0,
    ...(cached > 0 && { cachedPromptTokens: cached })
  }
}
