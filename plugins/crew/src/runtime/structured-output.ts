import type { ValidateFunction } from 'ajv'
import { compileSchema, schemaProblems } from './json-schema.js'

export type StructuredAnswer = { ok: true; value: unknown } | { ok: false; problems: string[] }

const fencedBlock = /```(?:json)?[ \t]*\r?\n?([\s\S]*?)```/i

/** Compiles an output schema up front, so a broken schema fails the task before any LLM call. */
export function compileOutputSchema(schema: Record<string, unknown>, agentName: string): ValidateFunction {
  try {
    return compileSchema(schema)
  } catch (error) {
    throw new Error(`The output schema for agent ${agentName}'s task is not a valid JSON Schema: ${(error as Error).message}`)
  }
}

/**
 * Reads a final answer as JSON (models often wrap it in a ```json fence, which is tolerated)
 * and checks it against the schema. Plain `JSON.parse`: the text is never evaluated.
 */
export function parseStructuredAnswer(text: string, validate: ValidateFunction): StructuredAnswer {
  const json = (fencedBlock.exec(text)?.[1] ?? text).trim()
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    return { ok: false, problems: [`the answer is not valid JSON (${(error as Error).message})`] }
  }
  const problems = schemaProblems(validate, value, 'answer')
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems }
}
