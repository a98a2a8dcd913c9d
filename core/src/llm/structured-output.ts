import type { ChatMessage, ResponseFormat, TenantLogic } from '@troupe/sdk/plugin'

/** The system message that asks a provider without a JSON-Schema mode for the answer's shape in words. */
export function structuredOutputInstruction(format: ResponseFormat): ChatMessage {
  return {
    role: 'system',
    content: `Answer with one JSON value and nothing else (no prose, no code fence). It must be valid against this JSON Schema (named ${format.name}):\n${JSON.stringify(format.schema)}`
  }
}

/** The answer's JSON, taken from a code fence when a model wrapped it in one. */
function jsonText(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text)
  return (fenced ? fenced[1] : text).trim()
}

/**
 * Whether `text` is JSON valid against the format's schema: the JSON text to answer with, or what
 * is wrong, in words a model can act on. The schema is the tenant's: it is checked by the
 * tenant's logic workers, within their budget, never in the calling thread.
 */
export async function checkStructuredAnswer(text: string, format: ResponseFormat, logic: TenantLogic): Promise<{ json: string } | { problems: string }> {
  const candidate = jsonText(text)
  let value: unknown
  try {
    value = JSON.parse(candidate)
  } catch (error) {
    return { problems: `the answer is not JSON (${(error as Error).message})` }
  }
  const errors = await logic.validate(format.schema, value)
  if (errors.length === 0) return { json: candidate }
  return { problems: errors.map((error) => `${error.field || '(the value)'} ${error.message}`).join('; ') }
}

/** The turn that asks once more, saying what was wrong with the answer. */
export function correctionMessages(answer: string, problems: string): ChatMessage[] {
  return [
    { role: 'assistant', content: answer },
    { role: 'user', content: `That answer does not match the required JSON Schema: ${problems}. Answer again with only the corrected JSON.` }
  ]
}
