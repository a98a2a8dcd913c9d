import { regexProblem } from '@troupe/sdk/logic'
import type { TenantLogic } from '@troupe/sdk/plugin'
import type { ScriptedRule, ToolCallRule } from './rules-schema.js'

export type RuleAnswer = { text: string } | { toolCall: ToolCallRule['toolCall'] }

/**
 * Checks every pattern up front, so a bad one fails when the provider is saved rather than
 * mid-run: it must compile with its flags, and must not nest quantifiers (the shape of
 * catastrophic backtracking). Throws naming the rule (`rules.1.match ...`).
 */
export function checkRules(rules: ScriptedRule[]): void {
  for (const [index, rule] of rules.entries()) {
    const problem = regexProblem(rule.match, rule.flags ?? '')
    if (problem) throw new Error(`rules.${index}.match ${problem}`)
  }
}

/**
 * The answer of the first rule whose pattern matches `content`, if any. The patterns are the
 * tenant's, so they are matched by the tenant's logic workers, within its time budget: a pattern
 * that backtracks for ever fails this call, not the server.
 */
export async function matchRule(rules: ScriptedRule[], content: string, logic: TenantLogic, signal?: AbortSignal): Promise<RuleAnswer | undefined> {
  if (rules.length === 0) return undefined
  const patterns = rules.map((rule) => ({ source: rule.match, flags: rule.flags, replacement: 'reply' in rule ? rule.reply : undefined }))
  const match = await logic.firstMatch(patterns, content, { signal })
  if (!match) return undefined
  const rule = rules[match.index]
  return 'toolCall' in rule ? { toolCall: rule.toolCall } : { text: match.replaced ?? '' }
}
