import { renderTemplate, type AnyTemplateScope } from './render-template.js'

/** A params property the node evaluates itself (a condition, a script): its text is never rendered. */
const expressionAnnotation = 'x-troupe-expression'

type Schema = Record<string, unknown>

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function own(schema: Schema, key: string): unknown {
  return Object.hasOwn(schema, key) ? schema[key] : undefined
}

/** The schema and the branches of its `allOf`/`anyOf`/`oneOf`, which may each describe the value. */
function expand(schema: Schema): Schema[] {
  const branches = ['allOf', 'anyOf', 'oneOf'].flatMap((keyword) => {
    const list = own(schema, keyword)
    return Array.isArray(list) ? list.filter(isObject) : []
  })
  return [schema, ...branches.flatMap(expand)]
}

function propertySchemas(schema: Schema, key: string): unknown[] {
  const properties = own(schema, 'properties')
  if (isObject(properties) && Object.hasOwn(properties, key)) return [properties[key]]
  const patterns = own(schema, 'patternProperties')
  const matching = isObject(patterns)
    ? Object.keys(patterns)
        .filter((pattern) => new RegExp(pattern, 'u').test(key))
        .map((pattern) => patterns[pattern])
    : []
  return matching.length > 0 ? matching : [own(schema, 'additionalProperties')]
}

function itemSchemas(schema: Schema, index: number): unknown[] {
  const prefix = own(schema, 'prefixItems')
  if (Array.isArray(prefix) && index < prefix.length) return [prefix[index]]
  const items = own(schema, 'items')
  return [Array.isArray(items) ? items[index] : items]
}

function render(value: unknown, schemas: Schema[], scope: AnyTemplateScope): unknown {
  if (schemas.some((schema) => own(schema, expressionAnnotation) === true)) return structuredClone(value)
  if (typeof value === 'string') return renderTemplate(value, scope)
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      render(item, schemas.flatMap((schema) => itemSchemas(schema, index)).filter(isObject).flatMap(expand), scope)
    )
  }
  if (isObject(value)) {
    // fromEntries defines own properties, so a `__proto__` key stays a plain key.
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        render(child, schemas.flatMap((schema) => propertySchemas(schema, key)).filter(isObject).flatMap(expand), scope)
      ])
    )
  }
  return value
}

/**
 * A node's params with every template filled in, walking objects and arrays; properties whose
 * schema says `"x-troupe-expression": true` are copied as written. The schema is followed through
 * `properties`, `patternProperties`, `additionalProperties`, `items`, `prefixItems` and the
 * branches of `allOf`/`anyOf`/`oneOf` (not `$ref`). Returns a new object; `params` is not touched.
 */
export function renderParams(
  params: Record<string, unknown>,
  paramsSchema: object,
  scope: AnyTemplateScope
): Record<string, unknown> {
  const schemas = isObject(paramsSchema) ? expand(paramsSchema) : []
  return render(params, schemas, scope) as Record<string, unknown>
}
