import { LlmProviderError, type ChatResult, type TokenUsage, type ToolCall } from '@troupe/sdk/plugin'
import type { ContentBlock, ContentBlockParam, RefusalStopDetails, StopReason } from '@anthropic-ai/sdk/resources/messages'

/** The token counters of a message's `usage` (and, cumulative, of a stream's `message_delta`). */
export interface AnthropicUsage {
  input_tokens?: number | null
  output_tokens?: number | null
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
}

/**
 * A whole reply, read from a message or assembled from a stream. A streamed `tool_use` block's
 * `input` is still the JSON text its deltas carried.
 */
export interface AnthropicReply {
  content: ContentBlock[]
  stopReason: StopReason | null
  stopDetails: RefusalStopDetails | null
  usage: AnthropicUsage
  model: string
}

// Enough of broken arguments for the model to see its mistake, without flooding its context.
const maxQuotedChars = 200

/**
 * A `tool_use` block as a tool call. Arguments that are not a JSON object (a stream cut inside
 * them, a model's slip) do not fail the reply: the call comes back with `arguments: {}` and an
 * `argumentsError` quoting what was sent, for the tool-calling loop to hand back to the model.
 */
export function toToolCall({ id, name, input }: { id: string; name: string; input: unknown }): ToolCall {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch (error) {
      return { id, name, arguments: {}, argumentsError: `${(error as Error).message} (arguments: ${quoted(input)})` }
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { id, name, arguments: value as Record<string, unknown> }
  const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`
  return { id, name, arguments: {}, argumentsError: `expected a JSON object, got ${got} (arguments: ${quoted(JSON.stringify(value))})` }
}

function quoted(json: string): string {
  return json.length > maxQuotedChars ? `${json.slice(0, maxQuotedChars)}…` : json
}

/**
 * Prompt tokens are all the input the vendor counted: fresh, written to its cache and read from
 * it (`cache_read_input_tokens`, billed at the cached rate, are `cachedPromptTokens`).
 */
export function toTokenUsage(usage: AnthropicUsage): TokenUsage {
  const cached = usage.cache_read_input_tokens ?? 0
  const promptTokens = (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + cached
  return { promptTokens, completionTokens: usage.output_tokens ?? 0, ...(cached > 0 && { cachedPromptTokens: cached }) }
}

/** A reply cut by a token limit says so even when it holds tool calls (the last one may be incomplete). */
export function toFinishReason(stopReason: StopReason | null, toolCalls: ToolCall[]): ChatResult['finishReason'] {
  if (stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded') return 'length'
  return toolCalls.length > 0 ? 'tool_calls' : 'stop'
}

/**
 * The answer of a reply: its text blocks joined, its tool calls, usage and finish reason. A
 * refusal (`stop_reason: refusal`, the vendor's safety classifiers) is a `content_filtered` failure.
 */
export function toChatResult(reply: AnthropicReply, requestedModel: string): ChatResult {
  if (reply.stopReason === 'refusal') {
    const { category, explanation } = reply.stopDetails ?? {}
    throw LlmProviderError.of('content_filtered', `The model refused to answer (stop_reason refusal${category ? `, category ${category}` : ''})${explanation ? `: ${explanation}` : ''}`)
  }
  const toolCalls = reply.content.flatMap((block) => (block.type === 'tool_use' ? [toToolCall(block)] : []))
  return {
    text: reply.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join(''),
    toolCalls,
    usage: toTokenUsage(reply.usage),
    model: reply.model || requestedModel,
    finishReason: toFinishReason(reply.stopReason, toolCalls)
  }
}

/**
 * The reply as the assistant turn to send back with the results of its tool calls: every block as
 * received (thinking with its signature), tool inputs as the calls parsed them.
 */
export function toAssistantTurn(reply: AnthropicReply, toolCalls: ToolCall[]): ContentBlockParam[] {
  const inputs = new Map(toolCalls.map((call) => [call.id, call.arguments]))
  return reply.content.flatMap((block): ContentBlockParam[] => {
    switch (block.type) {
      case 'text':
        return block.text ? [{ type: 'text', text: block.text }] : []
      case 'thinking':
        return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }]
      case 'redacted_thinking':
        return [{ type: 'redacted_thinking', data: block.data }]
      case 'tool_use':
        return [{ type: 'tool_use', id: block.id, name: block.name, input: inputs.get(block.id) ?? {} }]
      default:
        // Server tools' blocks: this provider sends no server tools, so none come back.
        return []
    }
  })
}
