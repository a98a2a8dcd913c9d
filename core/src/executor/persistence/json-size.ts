/**
 * Sizes of complete values measured before, by identity. A node's output is measured when it
 * completes; the same object is then its stored state, its event's data and the next node's input,
 * and a fan-out hands it to thousands of nodes: each of those costs a lookup instead of a walk.
 * Only values near the top are looked up, and only the top is remembered, so a big value does not
 * fill the map with its parts. Outputs are not changed once produced; one that a plugin changes
 * anyway is under-counted here, and its write then fails like any unstorable batch.
 */
const measured = new WeakMap<object, number>()
const lookupDepth = 2
/** Past this depth the walk goes on without recursion (JSON.parse builds deeper values than the stack allows). */
const recursionDepth = 500

/**
 * About how many characters `JSON.stringify(value)` gives, found without building the text:
 * strings count their length and quotes (escapes and UTF-8 widths aside), numbers their digits.
 * Stops counting once the size passes `stopAbove` and answers what it has counted by then (more
 * than `stopAbove`), which also ends the walk of a value that contains itself.
 */
export function jsonSize(value: unknown, stopAbove: number): number {
  const isObject = typeof value === 'object' && value !== null
  if (isObject) {
    const known = measured.get(value)
    if (known !== undefined) return known
  }
  const counter = { total: 0, stopAbove }
  add(value, 0, counter)
  if (isObject && counter.total <= stopAbove) measured.set(value, counter.total)
  return counter.total
}

interface Counter {
  total: number
  stopAbove: number
}

function add(value: unknown, depth: number, counter: Counter): void {
  if (counter.total > counter.stopAbove) return
  if (typeof value !== 'object' || value === null || value instanceof Date) {
    counter.total += scalarSize(value)
    return
  }
  if (depth > 0 && depth <= lookupDepth) {
    const known = measured.get(value)
    if (known !== undefined) {
      counter.total += known
      return
    }
  }
  if (depth >= recursionDepth) return addDeep(value, counter)
  if (Array.isArray(value)) {
    counter.total += brackets(value.length)
    for (const item of value) add(item, depth + 1, counter)
    return
  }
  let fields = 0
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key]
    if (field === undefined || typeof field === 'function') continue
    fields++
    counter.total += key.length + 3
    add(field, depth + 1, counter)
  }
  counter.total += brackets(fields)
}

/** Brackets and commas of a list or an object of `count` entries. */
function brackets(count: number): number {
  return count ? count + 1 : 2
}

/** The same count with a stack of its own, for what lies deeper than `recursionDepth`. */
function addDeep(root: object, counter: Counter): void {
  const pending: unknown[] = [root]
  while (pending.length && counter.total <= counter.stopAbove) {
    const value = pending.pop()
    if (typeof value !== 'object' || value === null || value instanceof Date) {
      counter.total += scalarSize(value)
    } else if (Array.isArray(value)) {
      counter.total += brackets(value.length)
      for (const item of value) pending.push(item)
    } else {
      let fields = 0
      for (const key in value) {
        const field = (value as Record<string, unknown>)[key]
        if (field === undefined || typeof field === 'function') continue
        fields++
        counter.total += key.length + 3
        pending.push(field)
      }
      counter.total += brackets(fields)
    }
  }
}

function scalarSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2
    case 'number':
      // Digits of an integer; a fraction or an exponent is counted as the longest form it takes.
      return Number.isInteger(value) && Math.abs(value) < 1e21 ? (value === 0 ? 1 : Math.floor(Math.log10(Math.abs(value))) + 1 + (value < 0 ? 1 : 0)) : 24
    case 'boolean':
      return value ? 4 : 5
    case 'object':
      // A date (`"2026-01-01T00:00:00.000Z"`) or null.
      return value === null ? 4 : 26
    default:
      return 4
  }
}

/** `bytes` for a message: `512 B`, `3.2 KiB`, `16 MiB`, `1.4 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`
}
