import type { FieldDescriptor } from './schema-to-fields.ts'

/** A param value as the form shows it in a text control. */
export function formatFieldValue(field: FieldDescriptor, value: unknown): string {
  if (value === undefined || value === null) return ''
  if (field.kind === 'json') return JSON.stringify(value, null, 2)
  return typeof value === 'string' ? value : JSON.stringify(value)
}

const template = /^\s*\{\{.*\}\}\s*$/s

/**
 * What the user typed, as the param value to store: `undefined` removes the param; numbers and
 * JSON are parsed. A template (`{{ input.ms }}`) is kept as text for any field: the server fills it
 * in at run time. Input that cannot be read gives an error to show beside the field.
 */
export function parseFieldValue(field: FieldDescriptor, raw: string): { value: unknown } | { error: string } {
  if (raw.trim() === '') return { value: undefined }
  if (field.kind !== 'text' && field.kind !== 'multiline' && field.kind !== 'expression' && template.test(raw)) return { value: raw.trim() }
  if (field.kind === 'number') {
    const number = Number(raw)
    if (!Number.isFinite(number)) return { error: 'Enter a number or a template such as {{ input.ms }}' }
    if (field.integer && !Number.isInteger(number)) return { error: 'Enter a whole number' }
    if (field.minimum !== undefined && number < field.minimum) return { error: `At least ${field.minimum}` }
    if (field.maximum !== undefined && number > field.maximum) return { error: `At most ${field.maximum}` }
    return { value: number }
  }
  if (field.kind === 'json') {
    try {
      return { value: JSON.parse(raw) as unknown }
    } catch {
      return { error: 'Enter valid JSON' }
    }
  }
  return { value: raw }
}

/** Required fields left empty, by name. */
export function missingRequired(fields: FieldDescriptor[], params: Record<string, unknown>): Record<string, string> {
  const missing: Record<string, string> = {}
  for (const field of fields) {
    const value = params[field.name]
    if (field.required && (value === undefined || value === '')) missing[field.name] = 'Required'
  }
  return missing
}
