import { compileSchema, schemaProblems } from '../runtime/json-schema.js'

/** Throws, naming each field (`inputs.topic is required`), when a crew's inputs do not match its input schema. */
export function checkInputs(schema: Record<string, unknown>, inputs: Record<string, unknown>, what: string): void {
  const problems = schemaProblems(compileSchema(schema), inputs, 'inputs')
  if (problems.length > 0) throw new Error(`Invalid ${what}: ${problems.join('; ')}`)
}
