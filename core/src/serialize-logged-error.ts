/** Longest message logged; longer ones keep their head and tail (a driver's own words come last). */
const maxMessageChars = 2_000
/** Longest SQL statement logged with a database error. */
const maxStatementChars = 4_096
const maxStackChars = 8_000
/** Longest value of any other field copied from the error. */
const maxFieldChars = 200
const maxCauseDepth = 3

/**
 * Fields of a PostgreSQL (pg or PGlite) error that describe it without its data. `detail` and
 * `where` are left out: they quote rows and values ("Failing row contains (...)", "JSON data,
 * line 1: ...").
 */
const databaseFields = ['code', 'severity', 'hint', 'position', 'routine', 'schema', 'table', 'column', 'dataType', 'constraint']

/**
 * Fields that hold what a statement was given or quote it (PGlite's `params`, knex's `bindings`,
 * PostgreSQL's `detail` and `where`), request configs and headers, and those serialized on their
 * own. Never copied as they are, whatever their size.
 */
const dataFields = new Set([
  'params',
  'parameters',
  'bindings',
  'values',
  'queryOptions',
  'query',
  'sql',
  'detail',
  'where',
  'internalQuery',
  'config',
  'headers',
  'request',
  'response',
  'data',
  'stack',
  'message',
  'cause',
  'errors'
])

/** `text` cut to `max` characters, keeping its head and tail and saying how much went. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const keep = Math.floor((max - 40) / 2)
  return `${text.slice(0, keep)} …[${text.length - 2 * keep} characters cut]… ${text.slice(-keep)}`
}

/** The stack's frames under the clipped message: V8 repeats the whole message at the top of `stack`. */
function clippedStack(error: Error, name: string, message: string): string | undefined {
  const stack = typeof error.stack === 'string' ? error.stack : undefined
  if (!stack) return undefined
  const frames = stack.indexOf('\n    at ')
  return clip(`${name}: ${message}${frames === -1 ? '' : stack.slice(frames)}`, maxStackChars)
}

/**
 * pino's serializer of logged errors (`{err}` and `{error}`): type, clipped message and stack, the
 * error's code and other short fields, a database error's descriptive fields and its statement
 * (clipped), and causes; never what the statement was given. Knex and PGlite put the bound
 * parameters on their errors (a batch of a large execution made log lines of hundreds of MB),
 * and other libraries hang request configs and headers on theirs.
 */
export function serializeLoggedError(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value, maxMessageChars)
  if (typeof value !== 'object' || value === null) return value
  const error = value as Error & Record<string, unknown>
  const type = error.constructor?.name ?? 'Object'
  const message = clip(String(error.message ?? ''), maxMessageChars)
  const serialized: Record<string, unknown> = { type, message }
  const stack = error instanceof Error ? clippedStack(error, error.name ?? type, message) : undefined
  if (stack) serialized.stack = stack
  const statement = typeof error.query === 'string' ? error.query : typeof error.sql === 'string' ? error.sql : undefined
  if (statement) serialized.statement = clip(statement, maxStatementChars)
  for (const field of databaseFields) {
    const fieldValue = error[field]
    if (fieldValue !== undefined && fieldValue !== null) serialized[field] = typeof fieldValue === 'string' ? clip(fieldValue, maxFieldChars) : fieldValue
  }
  for (const [field, fieldValue] of Object.entries(error)) {
    if (field in serialized || dataFields.has(field)) continue
    if (typeof fieldValue === 'string') serialized[field] = clip(fieldValue, maxFieldChars)
    else if (typeof fieldValue === 'number' || typeof fieldValue === 'boolean') serialized[field] = fieldValue
  }
  if (depth < maxCauseDepth && error.cause !== undefined) serialized.cause = serializeLoggedError(error.cause, depth + 1)
  if (depth < maxCauseDepth && Array.isArray(error.errors)) {
    serialized.errors = error.errors.slice(0, 5).map((inner: unknown) => serializeLoggedError(inner, depth + 1))
  }
  return serialized
}
