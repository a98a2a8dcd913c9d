import { LlmProviderError } from '@troupe/sdk/plugin'

/**
 * Azure's verdict on one category of its content filter: a severity for hate, sexual, violence and
 * self_harm, a detection for jailbreak, profanity and protected material.
 */
interface CategoryResult {
  filtered?: boolean
  severity?: string
  detected?: boolean
}

/** The categories a `content_filter_results` object (or an error's `content_filter_result`) filtered, as `hate (high)`. */
export function filteredCategories(results: unknown): string[] {
  if (!results || typeof results !== 'object') return []
  return Object.entries(results as Record<string, unknown>).flatMap(([category, result]) => {
    const verdict = result as CategoryResult | null
    if (!verdict || typeof verdict !== 'object' || verdict.filtered !== true) return []
    return [verdict.severity ? `${category} (${verdict.severity})` : category]
  })
}

/**
 * The failure for an answer Azure's content filter stopped: its 400 for a prompt (code
 * `content_filter`) and its 200 whose choice ends with `finish_reason: "content_filter"` are the
 * same failure to the failover chain, which routes around no filter.
 */
export function contentFiltered(message: string, categories: string[], status?: number): LlmProviderError {
  const which = categories.length ? ` (filtered: ${categories.join(', ')})` : ''
  return LlmProviderError.of('content_filtered', `${message}${which}`, { status })
}

/** The failure for a 200 whose answer the filter cut: `finish_reason: "content_filter"` on the choice. */
export function filteredAnswer(choiceResults: unknown): LlmProviderError {
  return contentFiltered("Azure OpenAI's content filter stopped the answer (finish_reason content_filter)", filteredCategories(choiceResults))
}
