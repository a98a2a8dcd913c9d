import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'

// Schemas come from users; unknown keywords are tolerated. Formats are not checked: that would
// need ajv-formats, and an unchecked `format` is safer than a schema that fails to compile.
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
  if (validate(value)) return []
  const problems = (validate.errors ?? []).filter((error) => !['anyOf', 'oneOf', 'if'].includes(error.keyword)).map((error) => describeError(error, root))
  return [...new Set(problems)]
}

function describeError(error: ErrorObject, root: string): string {
  const path = [root, ...error.instancePath.split('/').slice(1)]
  if (error.keyword === 'required') return `${[...path, (error.params as { missingProperty: string }).missingProperty].join('.')} is required`
  if (error.keyword === 'additionalProperties') {
    return `${[...path, (error.params as { additionalProperty: string }).additionalProperty].join('.')} is not allowed`
  }
  return `${path.join('.')} ${error.message ?? 'is invalid'}`
}
