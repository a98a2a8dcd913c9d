import type { TokenUsage } from '@troupe/sdk/plugin'

export interface ModelPrice {
  inputPerMTok: number
  outputPerMTok: number
}

/** Public list prices (US dollars per million tokens) of common OpenAI models; a provider's own table wins. */
export const defaultPricing: Record<string, ModelPrice> = {
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4-turbo': { inputPerMTok: 10, outputPerMTok: 30 },
  'gpt-3.5-turbo': { inputPerMTok: 0.5, outputPerMTok: 1.5 },
  'o1': { inputPerMTok: 15, outputPerMTok: 60 },
  'o3-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 }
}

/**
 * The price of `model`: the provider's table first, then the defaults (for kinds that bill, such
 * as `openai`), matching dated snapshots (`gpt-4o-2024-08-06`) to their base model.
 */
export function priceOf(model: string, own: Record<string, ModelPrice>, useDefaults: boolean): ModelPrice | undefined {
  if (own[model]) return own[model]
  if (!useDefaults) return undefined
  if (defaultPricing[model]) return defaultPricing[model]
  const base = Object.keys(defaultPricing)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0]
  return base ? defaultPricing[base] : undefined
}

/** Cost in US dollars, rounded to a millionth of a dollar. */
export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0
  const dollars = (usage.promptTokens * price.inputPerMTok + usage.completionTokens * price.outputPerMTok) / 1_000_000
  return Math.round(dollars * 1_000_000) / 1_000_000
}
