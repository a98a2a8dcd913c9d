import { Ajv, type ValidateFunction } from 'ajv'
import { toFieldErrors } from '@troupe/sdk/logic'
import { describeProblems } from './structured-output.js'

// The parameters of the runtime's own tools (delegation), written here, not by tenants: tenants'
// schemas are checked by the host's logic workers (`services.logic`). Unknown keywords are tolerated.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false })
const compiled = new WeakMap<object, ValidateFunction>()

/** Compiles once per schema object; throws ajv's own error when the schema is not valid. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}

/**
 * What is wrong with `value`, one readable line per problem with the path under `root`
 * (`args.city is required`), so a model can fix exactly those fields. Empty when it is valid.
 */
export function schemaProblems(validate: ValidateFunction, value: unknown, root: string): string[] {
  return validate(value) ? [] : describeProblems(toFieldErrors(validate.errors ?? []), root)
}
