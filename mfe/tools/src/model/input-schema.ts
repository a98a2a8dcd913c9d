/** One argument of a tool, as the schema editor lists it. */
export interface ArgumentRow {
  name: string
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array'
  description: string
  required: boolean
}

export const argumentTypes: ArgumentRow['type'][] = ['string', 'number', 'integer', 'boolean', 'object', 'array']

type Schema = Record<string, unknown>

/**
 * The rows of an input schema, or undefined when the schema uses more than the row editor can
 * show (nested schemas, enums, formats...): then only the JSON view edits it, losing nothing.
 */
export function schemaToRows(schema: Schema): ArgumentRow[] | undefined {
  const allowed = new Set(['type', 'properties', 'required', 'additionalProperties'])
  if (Object.keys(schema).some((key) => !allowed.has(key)) || (schema.type !== undefined && schema.type !== 'object')) return undefined
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  const required = new Set((schema.required ?? []) as string[])
  const rows: ArgumentRow[] = []
  for (const [name, property] of Object.entries(properties)) {
    const simple = Object.keys(property).every((key) => key === 'type' || key === 'description')
    if (!simple || !argumentTypes.includes(property.type as ArgumentRow['type'])) return undefined
    rows.push({ name, type: property.type as ArgumentRow['type'], description: String(property.description ?? ''), required: required.has(name) })
  }
  return rows
}

/** The JSON Schema (type object) the rows describe; unnamed rows are left out. */
export function rowsToSchema(rows: ArgumentRow[]): Schema {
  const named = rows.filter((row) => row.name.trim() !== '')
  const properties = Object.fromEntries(
    named.map((row) => [row.name.trim(), row.description.trim() ? { type: row.type, description: row.description.trim() } : { type: row.type }])
  )
  const required = named.filter((row) => row.required).map((row) => row.name.trim())
  return required.length ? { type: 'object', properties, required } : { type: 'object', properties }
}

/** Starting arguments for a test run: a placeholder value per argument of the schema. */
export function sampleArguments(schema: Schema): Record<string, unknown> {
  const samples: Record<string, unknown> = { string: '', number: 0, integer: 0, boolean: false, object: {}, array: [] }
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, samples[String(property.type)] ?? null]))
}
