import type { TenantLogic } from '@troupe/sdk/plugin'

// Shared with the host's structured output (the LLM gateway): one reading of a JSON answer.
export { describeProblems, parseStructuredAnswer, type StructuredAnswer } from '@troupe/sdk/plugin'

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
