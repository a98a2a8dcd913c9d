import type { Crew } from '@troupe/sdk'

/** One input of a crew run, as the run form shows it. */
export interface RunInputField {
  name: string
  label: string
  description?: string
  kind: 'text' | 'number' | 'boolean' | 'json'
  required: boolean
}

interface PropertySchema {
  type?: string | string[]
  title?: string
  description?: string
}

const placeholder = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g

/** `{placeholders}` the crew's task texts use, in order of appearance. */
export function taskPlaceholders(crew: Pick<Crew, 'tasks'>): string[] {
  const names = new Set<string>()
  for (const task of crew.tasks) for (const match of `${task.description}\n${task.expectedOutput}`.matchAll(placeholder)) names.add(match[1]!)
  return [...names]
}

function kindOf(schema: PropertySchema): RunInputField['kind'] {
  const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== 'null') : schema.type
  if (type === 'string') return 'text'
  if (type === 'number' || type === 'integer') return 'number'
  if (type === 'boolean') return 'boolean'
  return 'json'
}

/**
 * The fields of a crew's run form: the properties of its `inputSchema`, or, without one, a text
 * field per `{placeholder}` of its tasks. Undefined when the inputs are best typed as JSON.
 */
export function runInputFields(crew: Pick<Crew, 'tasks' | 'inputSchema'>): RunInputField[] | undefined {
  const schema = crew.inputSchema as { properties?: Record<string, PropertySchema>; required?: string[] } | null
  if (schema) {
    if (!schema.properties) return undefined
    const required = new Set(schema.required ?? [])
    return Object.entries(schema.properties).map(([name, property]) => ({
      name,
      label: property.title ?? name,
      description: property.description,
      kind: kindOf(property),
      required: required.has(name)
    }))
  }
  return taskPlaceholders(crew).map((name) => ({ name, label: name, kind: 'text', required: true }))
}

/** Reads the form's text values into the run's inputs; fields left empty are left out. */
export function readRunInputs(fields: RunInputField[], values: Record<string, string | boolean>): { inputs: Record<string, unknown> } | { errors: Record<string, string> } {
  const inputs: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const field of fields) {
    const raw = values[field.name]
    if (field.kind === 'boolean') {
      inputs[field.name] = raw === true
      continue
    }
    const value = typeof raw === 'string' ? raw : ''
    if (value.trim() === '') {
      if (field.required) errors[field.name] = 'Required'
      continue
    }
    if (field.kind === 'number') {
      const number = Number(value)
      if (Number.isFinite(number)) inputs[field.name] = number
      else errors[field.name] = 'Enter a number'
    } else if (field.kind === 'json') {
      try {
        inputs[field.name] = JSON.parse(value) as unknown
      } catch {
        errors[field.name] = 'Enter valid JSON'
      }
    } else inputs[field.name] = value
  }
  return Object.keys(errors).length ? { errors } : { inputs }
}
