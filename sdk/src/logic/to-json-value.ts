const notData = 'The expression returned a function, which is not data: call it instead'

function isFunctionValue(value: unknown): boolean {
  if (typeof value === 'function') return true
  return typeof value === 'object' && value !== null && ('_jsonata_lambda' in value || '_jsonata_function' in value)
}

/**
 * Throws when `value` holds a function or a JSONata lambda at any depth (what `JSON.stringify`
 * would reach: array items and own enumerable properties). `seen` stops at a cycle, which
 * `JSON.stringify` then reports.
 */
function refuseFunctions(value: unknown, seen: Set<object>): void {
  if (isFunctionValue(value)) throw new Error(notData)
  if (typeof value !== 'object' || value === null || seen.has(value)) return
  seen.add(value)
  if (Array.isArray(value)) {
    for (const item of value) refuseFunctions(item, seen)
  } else {
    for (const key in value) {
      if (Object.hasOwn(value, key)) refuseFunctions((value as Record<string, unknown>)[key], seen)
    }
  }
}

/**
 * A JSONata result as plain JSON data, the only kind of output the host can store and pass on:
 * `undefined` (nothing matched) becomes `null`, JSONata's sequences become arrays, and a function,
 * whose closure holds the whole evaluation, is refused. The functions are looked for first, so
 * that the copy is made by `JSON.stringify` without a replacer (several times faster).
 */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null
  return JSON.parse(JSON.stringify(dataOnly(value)))
}

/** `value` itself, once it is known to hold no function or lambda at any depth (throws otherwise). */
export function dataOnly<T>(value: T): T {
  refuseFunctions(value, new Set())
  return value
}
