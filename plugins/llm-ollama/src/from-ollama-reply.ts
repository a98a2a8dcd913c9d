import type { ChatResult, TokenUsage, ToolCall } from '@troupe/sdk/plugin'
import { randomUUID } from 'node:crypto'
import type { OllamaChatEvent, OllamaToolCall } from './ollama-wire.js'

/**
 * A tool call with the id Ollama gave it, or a new one: servers before 0.12 send none, and the
 * conversation needs one to tie the tool's result to the call. Ollama sends arguments as a JSON
 * object already parsed from the model's output (a call it cannot parse stays in the text), so
 * there is nothing left to parse here.
 */
export function toToolCall(call: OllamaToolCall): ToolCall {
  return { id: call.id || `call_${randomUUID()}`, name: call.function.name, arguments: call.function.arguments ?? {} }
}

/**
 * Tool calls decide the reason: Ollama says `stop` when the model called a tool. `length` is the
 * `num_predict` cap; `load` and `unload` only answer a call without messages.
 */
export function toFinishReason(doneReason: string | undefined, toolCalls: ToolCall[]): ChatResult['finishReason'] {
  if (toolCalls.length > 0) return 'tool_calls'
  return doneReason === 'length' ? 'length' : 'stop'
}

/** Tokens from the final line's counts, which Ollama leaves out when they are 0. */
export function toUsage(done: Partial<Pick<OllamaChatEvent, 'prompt_eval_count' | 'eval_count'>> = {}): TokenUsage {
  return { promptTokens: done.prompt_eval_count ?? 0, completionTokens: done.eval_count ?? 0 }
}
