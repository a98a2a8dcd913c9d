import type { FieldError } from '../logic/field-errors.js'
import type { RegexRule, RegexRuleMatch } from '../logic/regex-rules.js'

export type { FieldError, RegexRule, RegexRuleMatch }

/**
 * Everything a tenant writes that the server evaluates: JSONata expressions, JSON Schemas and
 * regular expressions. The host answers in isolated workers with a time and memory budget, so a
 * tenant's runaway expression, exponential pattern or pathological schema fails that tenant's
 * call with an error and nothing else. Bound to one tenant; plugins get it as
 * `context.services.logic` in nodes and as `config.logic` in LLM providers. Since plugin API 1.2.
 */
export interface TenantLogic {
  /**
   * Evaluates a JSONata expression against `data` (for node expressions: `{ input, nodes, value }`).
   * Resolves to plain JSON data (a copy of its own), `undefined` when nothing matched, or with `as: 'boolean'` to
   * JSONata's truthiness of the result. Rejects with the expression's error, or when it runs past
   * its time, memory or result-size budget.
   */
  evaluate(expression: string, data: Record<string, unknown>, options?: { signal?: AbortSignal; as?: 'value' | 'boolean' }): Promise<unknown>
  /** What is wrong with a JSON Schema the tenant wrote (paths inside the schema); empty when it is usable. */
  schemaProblems(schema: Record<string, unknown>): Promise<FieldError[]>
  /** What is wrong with `value` against a tenant's JSON Schema (paths inside the value); empty when it matches. */
  validate(schema: Record<string, unknown>, value: unknown): Promise<FieldError[]>
  /** The first rule whose JavaScript regular expression matches `text`, with its replacement expanded. */
  firstMatch(rules: RegexRule[], text: string, options?: { signal?: AbortSignal }): Promise<RegexRuleMatch | undefined>
}
