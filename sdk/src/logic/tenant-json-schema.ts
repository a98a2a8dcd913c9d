import { createHash } from 'node:crypto'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { LRUCache } from 'lru-cache'
import isSafeRegex from 'safe-regex2'
import { toFieldErrors, type FieldError } from './field-errors.js'

// ajv-formats is CommonJS; its module object carries the plugin as `default` too.
const addFormats = addFormatsPlugin.default

/** Deeper schemas are refused: nothing a tenant needs nests this far, and compiling deeper ones recurses. */
export const maxSchemaDepth = 64

/**
 * Each schema gets an Ajv of its own: a schema can only `$ref` itself, so no `$id` it declares
 * reaches another schema (another tenant's, or the host's own), and forgetting the validator
 * forgets everything Ajv keeps for it. Such an Ajv has no meta-schema (compiling draft-07's for
 * every schema cost more than most schemas); `metaSchemas` checks schemas against it instead.
 * Refs are not inlined, so a schema that refers to itself many times compiles to one function per
 * ref instead of a copy per use, and the generated code is not optimised, which makes large
 * schemas compile several times faster.
 */
function newAjv(): Ajv {
  return addFormats(
    new Ajv({ allErrors: true, strict: false, coerceTypes: false, inlineRefs: false, meta: false, validateSchema: false, code: { optimize: false } })
  )
}

/** Only validates schemas against the draft-07 meta-schema: it is never given a tenant's schema to keep. */
const metaSchemas = new Ajv({ allErrors: true, strict: false })

const validators = new LRUCache<string, ValidateFunction>({
  max: 200,
  // The schema's text stands for what its validator holds (its code is some ten times larger);
  // a few large schemas push out many small ones.
  maxSize: 4 * 1024 * 1024
})

function cacheKey(text: string): string {
  return text.length > 256 ? createHash('sha256').update(text).digest('base64') + text.length : text
}

/** Patterns (`pattern`, `patternProperties` keys) and depth, checked before Ajv sees the schema. */
function shapeProblems(schema: unknown): FieldError[] {
  const problems: FieldError[] = []
  const visit = (node: unknown, path: string[], depth: number) => {
    if (typeof node !== 'object' || node === null) return
    if (depth > maxSchemaDepth) {
      problems.push({ field: path.join('.'), message: `nests deeper than ${maxSchemaDepth} levels` })
      return
    }
    const entries = Array.isArray(node) ? node.map((item, index) => [String(index), item] as const) : Object.entries(node)
    for (const [key, child] of entries) {
      if (!Array.isArray(node) && key === 'pattern' && typeof child === 'string') {
        const problem = regexProblem(child)
        if (problem) problems.push({ field: [...path, key].join('.'), message: problem })
      }
      if (!Array.isArray(node) && key === 'patternProperties' && typeof child === 'object' && child !== null) {
        for (const pattern of Object.keys(child)) {
          const problem = regexProblem(pattern)
          if (problem) problems.push({ field: [...path, key, pattern].join('.'), message: problem })
        }
      }
      visit(child, [...path, key], depth + 1)
    }
  }
  visit(schema, [], 0)
  return problems
}

/**
 * Why a tenant's regular expression is refused, if it is: it must compile (with the `u` flag, as
 * JSON Schema patterns are Unicode), and must not nest quantifiers (`(a+)+`), the shape that makes
 * a backtracking engine take exponential time. Matching still runs under a time limit, since no
 * analysis finds every slow pattern.
 */
export function regexProblem(source: string, flags = 'u'): string | undefined {
  try {
    new RegExp(source, flags)
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`
  }
  if (!isSafeRegex(source, { limit: 1000 })) return 'nests repetitions (like (a+)+), which can take exponential time to match; rewrite it without nested quantifiers'
  return undefined
}

class RefusedSchema extends Error {
  constructor(readonly problems: FieldError[]) {
    super(problems.map((problem) => (problem.field ? `${problem.field} ${problem.message}` : problem.message)).join('; '))
  }
}

/**
 * A validator for `schema`, checked and compiled once per distinct schema text. Throws
 * `RefusedSchema` for a refused pattern or depth, Ajv's own error when it does not compile.
 */
function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const text = JSON.stringify(schema)
  const key = cacheKey(text)
  let validate = validators.get(key)
  if (!validate) {
    const problems = shapeProblems(schema)
    if (problems.length > 0) throw new RefusedSchema(problems)
    if (!metaSchemas.validateSchema(schema)) throw new Error(metaSchemas.errorsText(metaSchemas.errors, { dataVar: 'schema' }))
    validate = newAjv().compile(schema)
    validators.set(key, validate, { size: Math.max(1, text.length) })
  }
  return validate
}

/** What is wrong with a tenant's JSON Schema as a schema (fields are paths inside it); empty when it is fine. */
export function tenantSchemaProblems(schema: Record<string, unknown>): FieldError[] {
  try {
    validatorFor(schema)
    return []
  } catch (error) {
    if (error instanceof RefusedSchema) return error.problems
    return [{ field: '', message: `is not a valid JSON Schema: ${(error as Error).message}` }]
  }
}

/**
 * What is wrong with `value` against a tenant's schema (fields are paths inside the value); empty
 * when it matches. Throws when the schema itself is refused or does not compile.
 */
export function validateAgainstTenantSchema(schema: Record<string, unknown>, value: unknown): FieldError[] {
  let validate: ValidateFunction
  try {
    validate = validatorFor(schema)
  } catch (error) {
    throw new Error(`The JSON Schema is not usable: ${(error as Error).message}`)
  }
  return validate(value) ? [] : toFieldErrors(validate.errors ?? [])
}
