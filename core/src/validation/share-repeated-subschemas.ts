type Schema = Record<string, unknown>

/** Keywords whose value is a schema, a list of schemas, or a map of names to schemas. */
const oneSchema = ['items', 'additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties']
const schemaLists = ['anyOf', 'allOf', 'oneOf', 'prefixItems']
const schemaMaps = ['properties', 'patternProperties', 'dependentSchemas']

/** Below this size (as JSON) a repeat costs less to compile again than a call to a shared function. */
const minSharedLength = 256

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Each subschema of `schema` (not `schema` itself) with a function that puts another in its place. */
function* subschemas(schema: Schema): Generator<[Schema, (replacement: Schema) => void]> {
  for (const keyword of oneSchema) {
    const value = schema[keyword]
    if (isSchema(value)) yield [value, (replacement) => (schema[keyword] = replacement)]
  }
  for (const keyword of schemaLists) {
    const list = schema[keyword]
    if (Array.isArray(list)) for (const [index, value] of list.entries()) if (isSchema(value)) yield [value, (replacement) => (list[index] = replacement)]
  }
  for (const keyword of schemaMaps) {
    const map = schema[keyword]
    if (isSchema(map)) for (const [name, value] of Object.entries(map)) if (isSchema(value)) yield [value, (replacement) => (map[name] = replacement)]
  }
}

/**
 * Every subschema of the roots with its JSON, parents before children; none under a `$id` (it must
 * stay where it is declared).
 */
function occurrences(roots: Schema[]): Array<{ text: string; replace: (replacement: Schema) => void }> {
  const found: Array<{ text: string; replace: (replacement: Schema) => void }> = []
  const visit = (schema: Schema) => {
    for (const [child, replace] of subschemas(schema)) {
      const text = JSON.stringify(child)
      if (text.includes('"$id"')) continue
      found.push({ text, replace })
      visit(child)
    }
  }
  for (const root of roots) visit(root)
  return found
}

/**
 * A copy of `schema` in which each large subschema that occurs more than once is written once, under
 * `$defs`, and referred to by `$ref` everywhere it occurred. Feathers' query syntax repeats every
 * field's schema four times (as itself, in `$or`, in `$and` and in `$and`'s `$or`); compiled with
 * Ajv's `inlineRefs: false`, each shared part becomes one function instead of four copies, which
 * divides the compile time (hundreds of milliseconds on the event loop for a large query schema).
 * What the schema accepts, and the paths its errors name, do not change.
 */
export function shareRepeatedSubschemas<T extends object>(schema: T): T {
  if (!isSchema(schema) || '$defs' in schema) return schema
  const root = structuredClone(schema) as Schema
  const defs: Record<string, Schema> = {}
  for (;;) {
    // The parts shared so far are searched too: a repeat may sit inside one of them.
    const found = occurrences([root, ...Object.values(defs)])
    const counts = new Map<string, number>()
    for (const { text } of found) counts.set(text, (counts.get(text) ?? 0) + 1)
    // The largest repeat first: the repeats inside it are then shared once, inside the shared part.
    let largest: string | undefined
    for (const [text, count] of counts) if (count > 1 && text.length >= minSharedLength && text.length > (largest?.length ?? 0)) largest = text
    if (largest === undefined) break
    const name = `shared${Object.keys(defs).length}`
    const reference = { $ref: `#/$defs/${name}` }
    defs[name] = JSON.parse(largest) as Schema
    // Parents come before their children, so a repeat inside a replaced part is never reached again.
    for (const { text, replace } of found) if (text === largest) replace(reference)
  }
  if (Object.keys(defs).length === 0) return schema
  return { ...root, $defs: defs } as T
}
