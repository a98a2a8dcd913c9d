import type { TenantLogic } from '@troupe/sdk/plugin'
import { describeProblems } from '../runtime/structured-output.js'

/** Throws, naming each field (`inputs.topic is required`), when a crew's inputs do not match its input schema. */
export async function checkInputs(schema: Record<string, unknown>, inputs: Record<string, unknown>, what: string, logic: TenantLogic): Promise<void> {
  const problems = describeProblems(await logic.validate(schema, inputs), 'inputs')
  if (problems.length > 0) throw new Error(`Invalid ${what}: ${problems.join('; ')}`)
}
