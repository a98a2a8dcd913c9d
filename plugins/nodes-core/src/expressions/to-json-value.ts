function isFunctionValue(value: unknown): boolean {
  if (typeof value === 'function') return true
  return typeof value === 'object' && value !== null && ('_jsonata_lambda' in value || '_jsonata_function' in value)
}

/**
 * A JSONata result as plain JSON data, the only kind of output the host can store and pass on:
 * `undefined` (nothing matched) becomes `null`, JSONata's sequences become arrays, and a function,
 * whose closure holds the whole evaluation, is refused.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (isFunctionValue(item)) throw new Error('The expression returned a function, which is not data: call it instead')
    return item
  })
  return JSON.parse(text)
}
