import { Ajv } from 'ajv'
import addFormatsPlugin from 'ajv-formats'

const ajv = addFormatsPlugin.default(new Ajv({ allErrors: true, strict: false, useDefaults: true }))

/** Validates `value` against a JSON Schema; throws an error naming every offending field. */
export function assertMatchesSchema(schema: Record<string, unknown>, value: unknown, what: string): void {
  const validate = ajv.compile(schema)
  if (validate(value)) return
  const problems = (validate.errors ?? []).map((error) => {
    const field = [error.instancePath.replace(/^\//, '').replace(/\//g, '.'), (error.params as { missingProperty?: string }).missingProperty]
      .filter(Boolean)
      .join('.')
    return `${field || what} ${error.message}`
  })
  throw new Error(`Invalid ${what}: ${problems.join('; ')}`)
}
