/** A pattern tried against a text, with an optional replacement template (`$1`, `$<name>`, `$&`). */
export interface RegexRule {
  source: string
  flags?: string
  replacement?: string
}

/** The first rule that matched: its index, and its replacement expanded against the match. */
export interface RegexRuleMatch {
  index: number
  replaced?: string
}

/**
 * The first of `rules` whose pattern matches `text`. A rule's replacement is expanded by
 * `String.prototype.replace` against the whole text (so anchors and lookbehinds see what `exec`
 * saw), and only the part that replaced the match is kept. JavaScript regular expressions
 * backtrack: run this on tenants' patterns only where a time limit can stop it.
 */
export function firstMatchingRule(rules: RegexRule[], text: string): RegexRuleMatch | undefined {
  for (const [index, rule] of rules.entries()) {
    const pattern = new RegExp(rule.source, (rule.flags ?? '').replace(/[gy]/g, ''))
    const match = pattern.exec(text)
    if (!match) continue
    if (rule.replacement === undefined) return { index }
    const replaced = text.replace(pattern, rule.replacement)
    const after = text.length - match.index - match[0].length
    return { index, replaced: replaced.slice(match.index, replaced.length - after) }
  }
  return undefined
}
