import type { ContentBlock, TokenUsage as ConverseUsage } from '@aws-sdk/client-bedrock-runtime'
import { LlmProviderError, type ChatResult, type TokenUsage, type ToolCall } from '@troupe/sdk/plugin'

/** What the reply's content comes down to: its text and its tool calls. */
export interface ConverseReply {
  content: ContentBlock[]
  stopReason?: string
  usage?: ConverseUsage
}

/**
 * The usage in the contract's terms. Converse counts cache reads and writes apart from
 * `inputTokens`; all are prompt tokens, and the reads are the cached ones.
 */
export function toTokenUsage(usage: ConverseUsage | undefined): TokenUsage {
  const cached = usage?.cacheReadInputTokens ?? 0
  const promptTokens = (usage?.inputTokens ?? 0) + cached + (usage?.cacheWriteInputTokens ?? 0)
  return { promptTokens, completionTokens: usage?.outputTokens ?? 0, ...(cached > 0 && { cachedPromptTokens: cached }) }
}

/** A tool call whose input is not a JSON object must not run: it says why. */
export function toToolCall(id: string, name: string, input: unknown): ToolCall {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) return { id, name, arguments: input as Record<string, unknown> }
  return { id, name, arguments: {}, argumentsError: `The arguments must be a JSON object, not ${JSON.stringify(input) ?? 'nothing'}` }
}

/**
 * The finish reason of a stop reason. A guardrail or the model's content filter raises a
 * `content_filtered` failure instead (no failover: routing around a filter is not the platform's
 * call); `malformed_*` output reads as an error finish.
 */
export function toFinishReason(stopReason: string | undefined): ChatResult['finishReason'] {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop'
    case 'tool_use':
      return 'tool_calls'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'guardrail_intervened':
    case 'content_filtered':
      throw LlmProviderError.of('content_filtered', `The reply was stopped by ${stopReason === 'guardrail_intervened' ? 'a guardrail' : "the model's content filter"} (${stopReason})`)
    default:
      return 'error'
  }
}

export function toChatResult(reply: ConverseReply, model: string): ChatResult {
  const finishReason = toFinishReason(reply.stopReason)
  const text = reply.content.flatMap((block) => (block.text !== undefined ? [block.text] : [])).join('')
  const toolCalls = reply.content.flatMap((block) => (block.toolUse ? [toToolCall(block.toolUse.toolUseId ?? '', block.toolUse.name ?? '', block.toolUse.input)] : []))
  // Converse does not echo the model: the model id or inference profile the call named answered.
  return { text, toolCalls, usage: toTokenUsage(reply.usage), model, finishReason }
}
