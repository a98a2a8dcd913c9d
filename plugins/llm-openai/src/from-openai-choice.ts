import { LlmProviderError, type ChatResult, type ToolCall } from '@troupe/sdk/plugin'

/** A tool call as the endpoint sent it: arguments still a JSON string. */
export interface RawToolCall {
  id: string
  name: string
  arguments: string
}

export function toToolCall({ id, name, arguments: json }: RawToolCall): ToolCall {
  // Some servers send no arguments at all for a tool that takes none.
  if (json.trim() === '') return { id, name, arguments: {} }
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw new LlmProviderError(`The model sent invalid JSON arguments for tool ${name}`, false)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LlmProviderError(`The model sent arguments for tool ${name} that are not a JSON object`, false)
  }
  return { id, name, arguments: parsed as Record<string, unknown> }
}

/** Tool calls decide the reason: some local servers report `stop` even when they call a tool. */
export function toFinishReason(reason: string | null | undefined, toolCalls: ToolCall[]): ChatResult['finishReason'] {
  if (toolCalls.length > 0) return 'tool_calls'
  switch (reason) {
    case 'length':
    case 'content_filter':
      return reason
    default:
      return 'stop'
  }
}
