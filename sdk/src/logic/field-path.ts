import { LRUCache } from 'lru-cache'

// A JSONata name that is a plain field name, not a keyword or literal, nor a `$variable`.
const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/
const reserved = new Set(['true', 'false', 'null', 'and', 'or', 'in', 'function'])
const notAPath: readonly string[] = []
const parsed = new LRUCache<string, readonly string[]>({ max: 1000 })

/**
 * The field names of an expression that is only a path of plain names (`value`,
 * `value.user.name`, `nodes.fetch.output`), else an empty list. Remembered per text.
 */
export function fieldPath(expression: string): readonly string[] {
  let steps = parsed.get(expression)
  if (!steps) {
    const names = expression.split('.')
    steps = names.every((name) => fieldName.test(name) && !reserved.has(name)) ? names : notAPath
    parsed.set(expression, steps)
  }
  return steps
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Follows `steps` through `root` the way JSONata evaluates such a path, where that is plain: every
 * step an own property of an object, and what it finds not an array (JSONata's sequences, which
 * flatten and map over arrays, are left to JSONata). Answers `{ value }`, or `undefined` when the
 * path leaves that plain case and JSONata has to evaluate it.
 */
export function lookUpFieldPath(root: unknown, steps: readonly string[]): { value: unknown } | undefined {
  if (!steps.length) return undefined
  let current = root
  for (const step of steps) {
    if (!isPlainRecord(current) || !Object.hasOwn(current, step)) return undefined
    current = current[step]
  }
  return Array.isArray(current) ? undefined : { value: current }
}
