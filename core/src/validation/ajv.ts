import { Ajv, type ValidateFunction } from 'ajv'
import { toFieldErrors, type FieldError } from '@troupe/sdk/logic'
import addFormatsPlugin from 'ajv-formats'
import { BadRequest } from '@feathersjs/errors'
import { shareRepeatedSubschemas } from './share-repeated-subschemas.js'

export { toFieldErrors, type FieldError }

const formats = ['email', 'uuid', 'date-time', 'uri'] as const

// ajv-formats is CommonJS; its module object carries the plugin as `default` too.
const addFormats = addFormatsPlugin.default

// `inlineRefs: false`: a part shared through `$ref` is compiled once, as a function of its own.
const dataAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, inlineRefs: false }), [...formats])
// Query strings carry everything as text; `?$select=name` is a one-element list.
const queryAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: 'array', inlineRefs: false }), [...formats])

/** A 400 whose message names every offending field and whose `data` lists them as `{field, message}`. */
export function validationError(what: string, errors: FieldError[]): BadRequest {
  const summary = errors.map((error) => (error.field ? `${error.field} ${error.message}` : error.message)).join('; ')
  return new BadRequest(`Invalid ${what}: ${summary}`, errors)
}

export type Check = (value: unknown) => void

const compiled = new WeakMap<Ajv, WeakMap<object, ValidateFunction>>([
  [dataAjv, new WeakMap()],
  [queryAjv, new WeakMap()]
])

function compile(ajv: Ajv, schema: object): ValidateFunction {
  const cache = compiled.get(ajv)!
  const cached = cache.get(schema)
  if (cached) return cached
  const validate = ajv.compile(shareRepeatedSubschemas(schema))
  cache.set(schema, validate)
  return validate
}

/** A checker that throws a field-naming `BadRequest` for data that does not match `schema`. */
export function dataChecker(schema: object, what = 'data'): Check {
  const validate = compile(dataAjv, schema)
  return (value) => {
    if (!validate(value)) throw validationError(what, toFieldErrors(validate.errors ?? []))
  }
}

/** Like `dataChecker`, but coerces query-string text to the schema's types in place. */
export function queryChecker(schema: object): Check {
  const validate = compile(queryAjv, schema)
  return (value) => {
    if (!validate(value)) throw validationError('query', toFieldErrors(validate.errors ?? []))
  }
}

/** How `value` fails `schema` (a trusted one: a plugin's), each field under `prefix` (`settings.url`). */
export function dataProblems(schema: object, value: unknown, prefix: string): FieldError[] {
  const validate = compile(dataAjv, schema)
  if (validate(value)) return []
  return toFieldErrors(validate.errors ?? []).map((error) => ({ ...error, field: error.field ? `${prefix}.${error.field}` : prefix }))
}
