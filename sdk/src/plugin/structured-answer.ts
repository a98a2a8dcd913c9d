import type { FieldError } from '../logic/field-errors.js'
import type { TenantLogic } from './tenant-logic.js'

export type StructuredAnswer = { ok: true; value: unknown } | { ok: false; problems: string[] }

const fencedBlock = /```(?:json)?[ \t]*\r?\n?([\s\S]*?)```/i

/** Problems as lines a model (or a person) can act on: `answer.city is required`. */
export function describeProblems(problems: FieldError[], root: string): string[] {
  return [...new Set(problems.map(({ field, message }) => `${[root, field].filter(Boolean).join('.')} ${message}`))]
}

/** The JSON text of an answer: what a ```json fence holds when the model wrapped it in one, else the whole text, trimmed. */
export function structuredAnswerText(text: string): string {
  return (fencedBlock.exec(text)?.[1] ?? text).trim()
}

/**
 * Reads a final answer as JSON (models often wrap it in a ```json fence, which is tolerated)
 * and checks it against the schema, with the tenant's logic workers (the schema is the
 * tenant's). Plain `JSON.parse`: the text is never evaluated.
 */
export async function parseStructuredAnswer(text: string, schema: Record<string, unknown>, logic: TenantLogic): Promise<StructuredAnswer> {
  let value: unknown
  try {
    value = JSON.parse(structuredAnswerText(text))
  } catch (error) {
    return { ok: false, problems: [`the answer is not valid JSON (${(error as Error).message})`] }
  }
  const problems = describeProblems(await logic.validate(schema, value), 'answer')
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems }
}
