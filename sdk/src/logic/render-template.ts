/** What flow templates can read: the execution's input, completed nodes' outputs, and a node's current value. */
export interface TemplateScope {
  input: unknown
  nodes: Readonly<Record<string, { output: unknown }>>
  value: unknown
}

/** Any scope: its own keys are the roots a template may start from (`args`, `secrets` for HTTP tools). */
export type AnyTemplateScope = TemplateScope | Readonly<Record<string, unknown>>

export interface RenderOptions {
  /** Applied to each value spliced into a longer text (`encodeURIComponent` for URLs). */
  encode?: (text: string) => string
}

/**
 * Characters one rendering may produce in all (every template of a node's params together): a
 * template repeating `{{ input.big }}` thousands of times fails instead of filling the memory.
 */
export const maxRenderedLength = 16 * 1024 * 1024

/** What is left of one rendering's allowance of characters; shared by the templates of one params object. */
export interface RenderBudget {
  remaining: number
}

export class RenderedTooLargeError extends Error {
  constructor() {
    super(`Templates rendered more than ${maxRenderedLength} characters`)
    this.name = 'RenderedTooLargeError'
  }
}

export function newRenderBudget(): RenderBudget {
  return { remaining: maxRenderedLength }
}

// Non-greedy, so `{{ a }} and {{ b }}` is two templates.
const templatePattern = /\{\{([\s\S]*?)\}\}/g
// `.name`, `[0]` or `["any key"]`; names may hold `-` like node ids do.
const segmentPattern = /\.([A-Za-z0-9_$-]+)|\[(0|[1-9][0-9]*)\]|\["([^"\\]*)"\]/y
const rootPattern = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_$-])/
const refused = new Set(['__proto__', 'constructor', 'prototype'])

interface Path {
  root: string
  keys: string[]
}

/** The path between the braces, or `undefined` when it is anything but a plain path of a known root. */
function parsePath(inner: string): Path | undefined {
  const head = rootPattern.exec(inner)
  if (!head) return undefined
  const keys: string[] = []
  const end = inner.trimEnd().length
  segmentPattern.lastIndex = head[0].length
  while (segmentPattern.lastIndex < end) {
    const match = segmentPattern.exec(inner)
    if (!match) return undefined
    keys.push(match[1] ?? match[2] ?? match[3])
  }
  return { root: head[1], keys }
}

/** Own data properties only: no prototype, no getters run, no `__proto__`/`constructor`/`prototype`. */
function resolve(scope: AnyTemplateScope, { root, keys }: Path): unknown {
  let current: unknown = Object.hasOwn(scope, root) ? (scope as Record<string, unknown>)[root] : undefined
  for (const key of keys) {
    if (refused.has(key) || typeof current !== 'object' || current === null) return undefined
    const descriptor = Object.getOwnPropertyDescriptor(current, key)
    if (!descriptor || !('value' in descriptor)) return undefined
    current = descriptor.value
  }
  return current
}

function asText(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object' || typeof value === 'function') return JSON.stringify(value) ?? ''
  return String(value)
}

/** A template read once, filled in per scope (see `renderTemplate`), drawing spliced text from `budget`. */
export type CompiledTemplate = (scope: AnyTemplateScope, budget?: RenderBudget) => unknown

/** Where a spliced template stands in its text: its path, or `undefined` when it stays as written. */
interface Splice {
  path: Path | undefined
  whole: string
}

const unchanged = (spliced: string) => spliced

/**
 * `renderTemplate` split in two: the text is parsed once here, and the result fills it in for a
 * scope without parsing again (a flow's params are compiled once per flow version).
 */
export function compileTemplate(text: string, options: RenderOptions = {}): CompiledTemplate {
  const matches = [...text.matchAll(templatePattern)]
  if (matches.length === 0) return () => text
  if (matches.length === 1 && matches[0][0] === text) {
    const path = parsePath(matches[0][1])
    if (!path) return () => text
    return (scope) => (Object.hasOwn(scope, path.root) ? resolve(scope, path) : text)
  }
  const encode = options.encode ?? unchanged
  const pieces: Array<string | Splice> = []
  let end = 0
  for (const match of matches) {
    pieces.push(text.slice(end, match.index), { path: parsePath(match[1]), whole: match[0] })
    end = match.index + match[0].length
  }
  pieces.push(text.slice(end))
  return (scope, budget = newRenderBudget()) => {
    let filled = ''
    for (const piece of pieces) {
      const text = typeof piece === 'string' ? piece : piece.path && Object.hasOwn(scope, piece.path.root) ? encode(asText(resolve(scope, piece.path))) : piece.whole
      budget.remaining -= text.length
      if (budget.remaining < 0) throw new RenderedTooLargeError()
      filled += text
    }
    return filled
  }
}

/**
 * Fills `{{ input.<path> }}`, `{{ nodes.<id>.output.<path> }}` and `{{ value.<path> }}` in `text`.
 * Paths are looked up, never evaluated; anything else between braces stays as written. A text that
 * is exactly one template gives the raw value (a number, an object, `undefined` when missing);
 * otherwise each value is spliced in as text (objects as JSON, missing as ''). Filled-in values
 * are not scanned again, so data holding `{{ }}` cannot reach other data. Linear in what it
 * produces, which is at most `maxRenderedLength` characters.
 */
export function renderTemplate(text: string, scope: AnyTemplateScope, options: RenderOptions = {}): unknown {
  return compileTemplate(text, options)(scope)
}
