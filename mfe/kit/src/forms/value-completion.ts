/** What a field completes as the user types: the part before the cursor it would replace, and the values offered. */
export interface Completion {
  /** Where the typed part starts; it ends at the cursor. */
  from: number
  to: number
  options: string[]
}

/** At most this many values are offered at once. */
const shownAtMost = 8

/** The values matching `typed`: those starting with it first, then those containing it, in their order. */
function matching(suggestions: readonly string[], typed: string): string[] {
  const needle = typed.toLowerCase()
  const starts = suggestions.filter((path) => path.toLowerCase().startsWith(needle))
  const contains = suggestions.filter((path) => !path.toLowerCase().startsWith(needle) && path.toLowerCase().includes(needle))
  return [...starts, ...contains].filter((path) => path !== typed).slice(0, shownAtMost)
}

/**
 * What to offer at `cursor` in `text`. A template field (`kind` text) completes inside an
 * unclosed `{{`: `Hi {{ in|` offers `input`, `input.city`, ...; an expression field completes
 * the path being typed (`value.n + nod|` offers `nodes.fetch.output`). `undefined` when there is
 * nothing to offer.
 */
export function completionAt(text: string, cursor: number, kind: 'template' | 'expression', suggestions: readonly string[]): Completion | undefined {
  if (!suggestions.length) return undefined
  const before = text.slice(0, cursor)
  if (kind === 'template') {
    const open = before.lastIndexOf('{{')
    if (open < 0 || before.indexOf('}}', open) >= 0) return undefined
    const typedFrom = open + 2 + (before.slice(open + 2).length - before.slice(open + 2).trimStart().length)
    const typed = before.slice(typedFrom)
    if (!/^[\w$.]*$/.test(typed)) return undefined
    const options = matching(suggestions, typed)
    return options.length ? { from: typedFrom, to: cursor, options } : undefined
  }
  const typed = /[A-Za-z_$][\w$.]*$/.exec(before)?.[0]
  if (!typed) return undefined
  const options = matching(suggestions, typed)
  return options.length ? { from: cursor - typed.length, to: cursor, options } : undefined
}

/**
 * The text with `option` written over the typed part, and where the cursor goes: a template gets
 * its closing ` }}` unless one follows already.
 */
export function applyCompletion(text: string, completion: Completion, option: string, kind: 'template' | 'expression'): { text: string; cursor: number } {
  const after = text.slice(completion.to)
  const closing = kind === 'template' && !/^\s*}}/.test(after) ? ' }}' : ''
  const written = `${option}${closing}`
  return { text: `${text.slice(0, completion.from)}${written}${after}`, cursor: completion.from + written.length }
}
