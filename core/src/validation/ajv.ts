import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { BadRequest } from '@feathersjs/errors'

const formats = ['email', 'uuid', 'date-time', 'uri'] as const

// ajv-formats is CommonJS; its module object carries the plugin as `default` too.
const addFormats = addFormatsPlugin.default

const dataAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }), [...formats])
// Query strings carry everything as text; `?$select=name` is a one-element list.
const queryAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: 'array' }), [...formats])

export interface FieldError {
  /** Dotted path of the offending field (`nodes.0.type`), empty for the document itself. */
  field: string
  message: string
}

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.')
  const extra =
    error.keyword === 'required'
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === 'additionalProperties'
        ? (error.params as { additionalProperty: string }).additionalProperty
        : ''
  return [base, extra].filter(Boolean).join('.')
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required'
  if (error.keyword === 'additionalProperties') return 'is not allowed'
  if (error.keyword === 'enum') {
    return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
  }
  return error.message ?? 'is invalid'
}

/** Ajv errors as field-level details; `anyOf` summaries are dropped in favour of their causes. */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const seen = new Set<string>()
  const result: FieldError[] = []
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue
    const entry = { field: fieldOf(error), message: messageOf(error) }
    const key = `${entry.field}:${entry.message}`
    if (!seen.has(key)) {
      seen.add(key)
      result.push(entry)
    }
  }
  return result
}

/** A 400 whose message names every offending field and whose `data` lists them as `{field, message}`. */
export function validationError(what: string, errors: FieldError[]): BadRequest {
  const summary = errors.map((error) => (error.field ? `${error.field} ${error.message}` : error.message)).join('; ')
  return new BadRequest(`Invalid ${what}: ${summary}`, errors)
}

export type Check = (value: unknown) => void

const cache = new WeakMap<object, ValidateFunction>()

function compile(ajv: Ajv, schema: object): ValidateFunction {
  const cached = cache.get(schema)
  if (cached) return cached
  const validate = ajv.compile(schema)
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
