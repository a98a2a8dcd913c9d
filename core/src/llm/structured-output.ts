import type { ChatMessage, ResponseFormat } from '@troupe/sdk/plugin'

/** The system message that asks a provider without a JSON-Schema mode for the answer's shape in words. */
export function structuredOutputInstruction(format: ResponseFormat): ChatMessage {
  return {
    role: 'system',
    content: `Answer with one JSON value and nothing else (no prose, no code fence). It must be valid against this JSON Schema (named ${format.name}):\n${JSON.stringify(format.schema)}`
  }
}

/** The turn that asks once more, saying what was wrong with the answer. */
export function correctionMessages(answer: string, problems: string): ChatMessage[] {
  return [
    { role: 'assistant', content: answer },
    { role: 'user', content: `That answer does not match the required JSON Schema: ${problems}. Answer again with only the corrected JSON.` }
  ]
}
