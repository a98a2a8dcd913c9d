import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { toFieldErrors, type FieldError } from '../../validation/ajv.js'

// ajv-formats is CommonJS; its module object carries the plugin as `default` too.
const addFormats = addFormatsPlugin.default

// Same options and formats as the data checker; errors are filtered before they become a 400.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }), [
  'email',
  'uuid',
  'date-time',
  'uri'
])
const compiled = new WeakMap<object, ValidateFunction>()

/** A string holding `{{`: a template filled in at run time, so its final type is not known yet. */
export function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{')
}

function valueAt(data: unknown, instancePath: string): unknown {
  let current = data
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/**
 * Errors a union (`anyOf`/`oneOf`) should not report because one of its branches failed only on
 * templates: that branch may well hold once the templates are filled in. Inner unions first, so an
 * excused inner union can excuse the branch of an outer one.
 */
function excuseUnions(errors: ErrorObject[], excused: Set<ErrorObject>) {
  const unions = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length)
  for (const union of unions) {
    const prefix = `${union.schemaPath}/`
    const branches = new Map<string, ErrorObject[]>()
    for (const error of errors) {
      if (!error.schemaPath.startsWith(prefix)) continue
      const branch = error.schemaPath.slice(prefix.length).split('/')[0]
      branches.set(branch, [...(branches.get(branch) ?? []), error])
    }
    const satisfiable = [...branches.values()].some((branch) => branch.every((error) => excused.has(error)))
    if (satisfiable) {
      excused.add(union)
      for (const branch of branches.values()) for (const error of branch) excused.add(error)
    }
  }
}

/**
 * What is wrong with a node's params against its type's params schema, as field errors relative
 * to the params (`ms`, `headers.0.name`). A template string is not judged against the type,
 * format or bounds of the place it stands in; every other value is.
 */
export function nodeParamsErrors(params: Record<string, unknown>, schema: object): FieldError[] {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  if (validate(params)) return []
  const errors = validate.errors ?? []
  const excused = new Set(errors.filter((error) => isTemplate(valueAt(params, error.instancePath))))
  excuseUnions(errors, excused)
  return toFieldErrors(errors.filter((error) => !excused.has(error)))
}
