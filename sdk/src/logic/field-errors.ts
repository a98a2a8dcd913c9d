import type { ErrorObject } from 'ajv'

/** One problem with a document, at a dotted path (`nodes.0.type`; empty for the document itself). */
export interface FieldError {
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
