import type { ChatResult, ToolCall } from '@troupe/sdk/plugin'

/** A tool call as the endpoint sent it: arguments still a JSON string. */
export interface RawToolCall {
  id: string
  name: string
  arguments: string
}

// Enough of the broken arguments for the model to see its mistake, without flooding its context.
const maxQuotedChars = 200

/**
 * Parses a call's arguments. Arguments that are not a JSON object do not fail the reply: the call
 * comes back with `arguments: {}` and an `argumentsError` (quoting what was sent, which the
 * conversation no longer shows), for the tool-calling loop to hand back to the model.
 */
export function toToolCall({ id, name, arguments: json }: RawToolCall): ToolCall {
  // Some servers send no arguments at all for a tool that takes none.
  if (json.trim() === '') return { id, name, arguments: {} }
  const broken = (reason: string): ToolCall => ({ id, name, arguments: {}, argumentsError: `${reason} (arguments: ${quoted(json)})` })
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    return broken((error as Error).message)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return broken(`expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}`)
  }
  return { id, name, arguments: parsed as Record<string, unknown> }
}

function quoted(json: string): string {
  return json.length > maxQuotedChars ? `${json.slice(0, maxQuotedChars)}…` : json
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
