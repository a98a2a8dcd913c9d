import type { ToolCall } from '@troupe/sdk/plugin'

/** A tool call as the deployment sent it: its arguments still a JSON string. */
export interface RawToolCall {
  id: string
  name: string
  arguments: string
}

// Enough of broken arguments for the model to see its mistake without flooding its context.
const maxQuotedChars = 200

/**
 * A tool call with its arguments parsed. Arguments that are not a JSON object do not fail the
 * answer: the call comes back with `arguments: {}` and an `argumentsError` quoting what was sent,
 * for the tool-calling loop to hand back to the model (`ToolCall.argumentsError`).
 */
export function parseToolCall({ id, name, arguments: json }: RawToolCall): ToolCall {
  if (json.trim() === '') return { id, name, arguments: {} }
  const broken = (why: string): ToolCall => ({ id, name, arguments: {}, argumentsError: `${why} (arguments: ${json.length > maxQuotedChars ? `${json.slice(0, maxQuotedChars)}…` : json})` })
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
