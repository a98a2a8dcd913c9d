import { compileTemplate, newRenderBudget, type AnyTemplateScope, type RenderBudget } from './render-template.js'

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

/** A params value compiled against its schemas: fills in a fresh copy for a scope, within one rendering's budget. */
type Fill = (scope: AnyTemplateScope, budget: RenderBudget) => unknown

/** A copy of JSON-like data: new objects and arrays, so a node that changes its params changes only its own. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy)
  if (!isObject(value)) return value
  const result: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    // Defined rather than assigned, so a `__proto__` key stays a plain key.
    if (key === '__proto__') Object.defineProperty(result, key, { value: copy(value[key]), enumerable: true, writable: true, configurable: true })
    else result[key] = copy(value[key])
  }
  return result
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{')
  if (Array.isArray(value)) return value.some(hasTemplate)
  return isObject(value) && Object.values(value).some(hasTemplate)
}

function compile(value: unknown, schemas: Schema[]): Fill {
  // Expressions are the node's to evaluate, and data without templates has nothing to fill in.
  if (schemas.some((schema) => own(schema, expressionAnnotation) === true) || !hasTemplate(value)) {
    return typeof value === 'object' && value !== null ? () => copy(value) : () => value
  }
  if (typeof value === 'string') return compileTemplate(value)
  if (Array.isArray(value)) {
    const items = value.map((item, index) =>
      compile(item, schemas.flatMap((schema) => itemSchemas(schema, index)).filter(isObject).flatMap(expand))
    )
    return (scope, budget) => items.map((fill) => fill(scope, budget))
  }
  const entries = Object.entries(value as Schema).map(
    ([key, child]) => [key, compile(child, schemas.flatMap((schema) => propertySchemas(schema, key)).filter(isObject).flatMap(expand))] as const
  )
  // fromEntries defines own properties, so a `__proto__` key stays a plain key.
  return (scope, budget) => Object.fromEntries(entries.map(([key, fill]) => [key, fill(scope, budget)]))
}

/**
 * `renderParams` split in two: the params are walked against their schema once here, and the
 * result gives a freshly filled-in copy per scope (a flow's params are compiled once per version).
 */
export function compileParams(params: Record<string, unknown>, paramsSchema: object): (scope: AnyTemplateScope) => Record<string, unknown> {
  const fill = compile(params, isObject(paramsSchema) ? expand(paramsSchema) : [])
  return (scope) => fill(scope, newRenderBudget()) as Record<string, unknown>
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
  return compileParams(params, paramsSchema)(scope)
}
