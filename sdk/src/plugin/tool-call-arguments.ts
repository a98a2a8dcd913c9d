import type { ToolCall } from './llm.js'

// Enough of broken arguments for the model to see its mistake, without flooding its context.
const maxQuotedChars = 200

/**
 * A tool call whose arguments came as JSON text (OpenAI-style wires). Arguments that are not a
 * JSON object do not fail the reply: the call comes back with `arguments: {}` and an
 * `argumentsError` quoting what was sent, for the tool-calling loop to hand back to the model.
 * Empty text is no arguments (servers send none for a tool that takes none).
 */
export function toolCallFromJson(id: string, name: string, json: string): ToolCall {
  if (json.trim() === '') return { id, name, arguments: {} }
  const quoted = json.length > maxQuotedChars ? `${json.slice(0, maxQuotedChars)}…` : json
  const broken = (reason: string): ToolCall => ({ id, name, arguments: {}, argumentsError: `${reason} (arguments: ${quoted})` })
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
