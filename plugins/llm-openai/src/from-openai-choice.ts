import { toolCallFromJson, type ChatResult, type ToolCall } from '@troupe/sdk/plugin'

/** A tool call as the endpoint sent it: arguments still a JSON string. */
export interface RawToolCall {
  id: string
  name: string
  arguments: string
}

/** Parses a call's arguments (`toolCallFromJson`: broken ones come back with an `argumentsError`). */
export function toToolCall({ id, name, arguments: json }: RawToolCall): ToolCall {
  return toolCallFromJson(id, name, json)
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
