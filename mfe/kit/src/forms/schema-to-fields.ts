/** A JSON Schema as node types declare their params (the subset the editor reads). */
export interface JsonSchema {
  type?: string | string[]
  title?: string
  description?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  enum?: unknown[]
  const?: unknown
  default?: unknown
  format?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  'x-troupe-expression'?: boolean
  'x-troupe-multiline'?: boolean
  /** The service path of the records this param names by id (`referenceAnnotation` in the SDK). */
  'x-troupe-ref'?: string
  [keyword: string]: unknown
}

export type FieldKind = 'text' | 'multiline' | 'expression' | 'number' | 'boolean' | 'select' | 'json' | 'reference'

/** The service path whose records a param refers to by id (`agents`, `crews`, `tools`, `flows`, `llm-providers`, a plugin's own), offered as a picker. */
export type ReferenceKind = string

export interface FieldDescriptor {
  name: string
  label: string
  description?: string
  kind: FieldKind
  required: boolean
  /** `integer` for whole numbers. */
  integer?: boolean
  minimum?: number
  maximum?: number
  options?: { value: unknown; label: string }[]
  reference?: ReferenceKind
  default?: unknown
}

// Node types of plugins older than the `x-troupe-ref` annotation (plugin API 1.7): these params name a record by id.
const referenceParams: Record<string, ReferenceKind> = { toolId: 'tools', providerId: 'llm-providers', flowId: 'flows', agentId: 'agents', crewId: 'crews' }
// Free text that is usually long (prompts) gets a multi-line box.
const multilineParams = new Set(['prompt', 'system', 'template', 'message'])

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type
}

function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase()
}

function kindOf(name: string, schema: JsonSchema): Pick<FieldDescriptor, 'kind' | 'integer' | 'options' | 'reference'> {
  if (Array.isArray(schema.enum)) return { kind: 'select', options: schema.enum.map((value) => ({ value, label: String(value) })) }
  const type = typeOf(schema)
  if (type === 'string') {
    const reference = typeof schema['x-troupe-ref'] === 'string' && schema['x-troupe-ref'] ? schema['x-troupe-ref'] : referenceParams[name]
    if (reference) return { kind: 'reference', reference }
    if (schema['x-troupe-expression']) return { kind: 'expression' }
    if (schema['x-troupe-multiline'] || multilineParams.has(name) || (schema.maxLength ?? 0) > 500) return { kind: 'multiline' }
    return { kind: 'text' }
  }
  if (type === 'integer') return { kind: 'number', integer: true }
  if (type === 'number') return { kind: 'number' }
  if (type === 'boolean') return { kind: 'boolean' }
  return { kind: 'json' }
}

/** The form fields for a params schema, in declaration order; `const`-only properties are left out. */
export function schemaToFields(schema: JsonSchema | undefined): FieldDescriptor[] {
  const properties = schema?.properties ?? {}
  const required = new Set(schema?.required ?? [])
  return Object.entries(properties)
    .filter(([, property]) => property.const === undefined)
    .map(([name, property]) => ({
      name,
      label: property.title ?? humanize(name),
      description: property.description,
      required: required.has(name),
      minimum: property.minimum,
      maximum: property.maximum,
      default: property.default,
      ...kindOf(name, property)
    }))
}
