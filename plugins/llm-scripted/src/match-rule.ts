import type { ScriptedRule, ToolCallRule } from './rules-schema.js'

export interface CompiledRule {
  rule: ScriptedRule
  pattern: RegExp
}

export type RuleAnswer = { text: string } | { toolCall: ToolCallRule['toolCall'] }

/** Compiles every pattern up front, so a bad one fails when the provider is created rather than mid-run. */
export function compileRules(rules: ScriptedRule[]): CompiledRule[] {
  return rules.map((rule, index) => {
    try {
      return { rule, pattern: new RegExp(rule.match, rule.flags) }
    } catch (error) {
      throw new Error(`rules.${index}.match is not a valid regular expression: ${(error as Error).message}`)
    }
  })
}

/** The answer of the first rule whose pattern matches `content`, if any. */
export function matchRule(rules: CompiledRule[], content: string): RuleAnswer | undefined {
  for (const { rule, pattern } of rules) {
    const match = pattern.exec(content)
    if (!match) continue
    if ('toolCall' in rule) return { toolCall: rule.toolCall }
    return { text: expandReply(content, pattern, match, rule.reply) }
  }
  return undefined
}

/**
 * Lets `String.prototype.replace` expand `$1`, `$<name>`, `$&`... against the whole content (so anchors
 * and lookbehinds see what `exec` saw), then keeps only the replacement.
 */
function expandReply(content: string, pattern: RegExp, match: RegExpExecArray, reply: string): string {
  const replaced = content.replace(pattern, reply)
  const after = content.length - match.index - match[0].length
  return replaced.slice(match.index, replaced.length - after)
}
