import type { ModelPrice, PriceTable, TokenUsage } from '@troupe/sdk/plugin'

export type { ModelPrice }

/**
 * The price of `model`: the provider record's own table first, then its kind's list prices (the
 * plugin's `prices`), matching dated snapshots (`gpt-4o-2024-08-06`) to their base model.
 */
export function priceOf(model: string, own: Record<string, ModelPrice>, listed: PriceTable | undefined): ModelPrice | undefined {
  if (own[model]) return own[model]
  if (!listed) return undefined
  if (listed.models[model]) return listed.models[model]
  const base = Object.keys(listed.models)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0]
  return base ? listed.models[base] : undefined
}

/**
 * Cost in US dollars, rounded to a millionth of a dollar: prompt tokens the vendor served from its
 * cache at the cached rate (the input rate when the price has none), the rest at the input rate.
 */
export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0
  const cached = Math.min(Math.max(usage.cachedPromptTokens ?? 0, 0), usage.promptTokens)
  const input = (usage.promptTokens - cached) * price.inputPerMTok + cached * (price.cachedInputPerMTok ?? price.inputPerMTok)
  const dollars = (input + usage.completionTokens * price.outputPerMTok) / 1_000_000
  return Math.round(dollars * 1_000_000) / 1_000_000
}
