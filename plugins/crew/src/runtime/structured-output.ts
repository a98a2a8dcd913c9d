import type { FieldError, TenantLogic } from '@troupe/sdk/plugin'

export type StructuredAnswer = { ok: true; value: unknown } | { ok: false; problems: string[] }

const fencedBlock = /```(?:json)?[ \t]*\r?\n?([\s\S]*?)```/i

/** Problems as lines a model (or a person) can act on: `answer.city is required`. */
export function describeProblems(problems: FieldError[], root: string): string[] {
  return [...new Set(problems.map(({ field, message }) => `${[root, field].filter(Boolean).join('.')} ${message}`))]
}

/**
 * Checks an output schema up front, so a broken schema fails the task before any LLM call. The
 * schema is the tenant's: it is compiled by the tenant's logic workers.
 */
export async function checkOutputSchema(schema: Record<string, unknown>, agentName: string, logic: TenantLogic): Promise<void> {
  const problems = await logic.schemaProblems(schema)
  if (problems.length === 0) return
  const [first] = problems
  const text = problems.map(({ field, message }) => (field ? `${field} ${message}` : message)).join('; ')
  throw new Error(`The output schema for agent ${agentName}'s task ${first.field ? `is refused: ${text}` : text}`)
}

/**
 * Reads a final answer as JSON (models often wrap it in a ```json fence, which is tolerated)
 * and checks it against the schema. Plain `JSON.parse`: the text is never evaluated.
 */
export async function parseStructuredAnswer(text: string, schema: Record<string, unknown>, logic: TenantLogic): Promise<StructuredAnswer> {
  const json = (fencedBlock.exec(text)?.[1] ?? text).trim()
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    return { ok: false, problems: [`the answer is not valid JSON (${(error as Error).message})`] }
  }
  const problems = describeProblems(await logic.validate(schema, value), 'answer')
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems }
}
