/** A JSON Schema as plain data: TypeBox's symbol keys gone, every subschema a plain object. */
export type JsonSchema = Record<string, unknown>

/** Keywords whose values are data, not subschemas: an `$id` inside them names nothing. */
const valueKeywords = new Set(['const', 'default', 'enum', 'examples', 'example'])

/** Keywords whose values map names to subschemas (a property may be called `default`). */
const schemaMaps = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'])

/** What OpenAPI allows as the name of a component. */
const componentName = /[^A-Za-z0-9._-]/g

/**
 * The schemas of an OpenAPI document's `components.schemas`, collected from the TypeBox schemas
 * services declare. TypeBox schemas are JSON Schema 2020-12, which OpenAPI 3.1 speaks: each one
 * with an `$id` (`Flow`, `ExecutionData`) becomes a component named by it, and every place it
 * occurs a `$ref` to that component, so a client generator makes one type of it. The first schema
 * to use a name keeps it; another, different schema under the same `$id` is written inline. Names
 * collide even when nobody reuses one: TypeBox's `Pick` keeps its source's `$id` (signup's
 * `tenant: {name}` is a `Tenant` to it), which is why the records should be used first.
 */
export class SchemaComponents {
  /** By component name: the schema, without its `$id` (the name is its identity in the document). */
  private readonly byName = new Map<string, JsonSchema>()
  /** By component name: the schema's JSON text, to tell the same schema met again from another one. */
  private readonly textOf = new Map<string, string>()

  /**
   * The schema as the document writes it: a plain copy in which every subschema with an `$id`
   * (the schema itself too) is a `$ref` to its component.
   */
  use(schema: object): JsonSchema {
    // JSON text is what the document is made of: TypeBox's symbol keys (`[Kind]`) are dropped.
    return this.hoist(JSON.parse(JSON.stringify(schema)) as JsonSchema)
  }

  /** A component written here rather than declared by a service (the shared `Error`). */
  add(name: string, schema: JsonSchema): void {
    if (this.byName.has(name)) throw new Error(`The API description already has a schema named ${name}`)
    this.byName.set(name, schema)
    this.textOf.set(name, JSON.stringify(schema))
  }

  /** Everything collected, by name, for `components.schemas`. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.byName].sort(([a], [b]) => a.localeCompare(b)))
  }

  private hoist(node: JsonSchema): JsonSchema {
    const copy: JsonSchema = {}
    for (const [key, value] of Object.entries(node)) {
      if (valueKeywords.has(key)) copy[key] = value
      else if (schemaMaps.has(key) && value !== null && typeof value === 'object') {
        copy[key] = Object.fromEntries(Object.entries(value).map(([name, subschema]) => [name, this.walk(subschema)]))
      } else copy[key] = this.walk(value)
    }
    if (typeof copy.$id !== 'string') return copy
    const { $id, ...rest } = copy
    const name = this.nameFor($id as string, rest)
    return name ? { $ref: `#/components/schemas/${name}` } : rest
  }

  private walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.walk(item))
    if (value !== null && typeof value === 'object') return this.hoist(value as JsonSchema)
    return value
  }

  /** The component's name for this schema under `id`; undefined when the name is another schema's. */
  private nameFor(id: string, schema: JsonSchema): string | undefined {
    const name = id.replace(componentName, '_')
    if (!name) return undefined
    const text = JSON.stringify(schema)
    if (!this.byName.has(name)) {
      this.byName.set(name, schema)
      this.textOf.set(name, text)
      return name
    }
    return this.textOf.get(name) === text ? name : undefined
  }
}
