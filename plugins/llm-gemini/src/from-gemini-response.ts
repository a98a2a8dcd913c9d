import type { FunctionCall, GenerateContentResponseUsageMetadata } from '@google/genai'
import { LlmProviderError, type ChatResult, type TokenUsage, type ToolCall } from '@troupe/sdk/plugin'
import type { GenerateContentResponse } from './gemini-wire.js'
import { madeUpToolCallId } from './tool-call-ids.js'
import { withThoughtSignature } from './thought-signatures.js'

/** Gemini's finish reasons that mean a filter stopped the answer (safety, recitation, blocklists, personal data). */
const filteredReasons = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION'])

/**
 * The contract's finish reason for Gemini's: function calls win (Gemini says `STOP` beside
 * them), `MAX_TOKENS` is a cut answer, a filter's reason is `content_filter`; a model that broke
 * off for anything else (`MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `LANGUAGE`, `OTHER`)
 * is an `error`.
 */
export function toFinishReason(reason: string | undefined, toolCalls: ToolCall[]): ChatResult['finishReason'] {
  if (toolCalls.length > 0) return 'tool_calls'
  if (reason === undefined || reason === 'STOP' || reason === 'FINISH_REASON_UNSPECIFIED') return 'stop'
  if (reason === 'MAX_TOKENS') return 'length'
  return filteredReasons.has(reason) ? 'content_filter' : 'error'
}

/** A function call as the contract's tool call; Gemini sends arguments as an object already. */
export function toToolCall(call: FunctionCall): ToolCall {
  return { id: call.id || madeUpToolCallId(), name: call.name ?? '', arguments: call.args ?? {} }
}

/**
 * Tokens used: Gemini's prompt count already includes the cached tokens (`cachedContentTokenCount`,
 * billed at the cached rate), and thinking tokens are counted apart from the answer's but billed as output.
 */
export function toUsage(usage: GenerateContentResponseUsageMetadata | undefined): TokenUsage {
  const cached = usage?.cachedContentTokenCount
  return {
    promptTokens: usage?.promptTokenCount ?? 0,
    completionTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
    ...(cached ? { cachedPromptTokens: cached } : {})
  }
}

/**
 * The chat result of a whole response (or a stream joined into one). A prompt Gemini blocked, or
 * an answer a filter stopped before it said anything, is a `content_filtered` failure: there is
 * no answer to hand back. An answer stopped part-way comes back with what it said and
 * `finishReason: 'content_filter'`.
 */
export function toChatResult(response: GenerateContentResponse, requestedModel: string): ChatResult {
  const feedback = response.promptFeedback
  if (feedback?.blockReason) {
    throw LlmProviderError.of('content_filtered', `Gemini blocked the prompt (${feedback.blockReason})${feedback.blockReasonMessage ? `: ${feedback.blockReasonMessage}` : ''}`)
  }
  const candidate = response.candidates?.[0]
  if (!candidate) throw LlmProviderError.of('server', 'Gemini answered without a candidate')
  const parts = candidate.content?.parts ?? []
  // Thought summaries (parts marked `thought`) are the model's reasoning, not its answer.
  const text = parts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('')
  const toolCalls = parts.flatMap((part) => (part.functionCall ? [withThoughtSignature(toToolCall(part.functionCall), part.thoughtSignature)] : []))
  const finishReason = toFinishReason(candidate.finishReason, toolCalls)
  if (finishReason === 'content_filter' && text === '') {
    throw LlmProviderError.of('content_filtered', `Gemini stopped the answer (${candidate.finishReason})${candidate.finishMessage ? `: ${candidate.finishMessage}` : ''}`)
  }
  return { text, toolCalls, usage: toUsage(response.usageMetadata), model: response.modelVersion || requestedModel, finishReason }
}
