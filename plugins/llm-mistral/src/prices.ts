import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * Mistral's public list prices (US dollars per million tokens) of its current main models, under
 * the API names that reach them (an alias and the dated name it points to). Source: Mistral's
 * pricing page and model cards, https://docs.mistral.ai/inference/pricing and
 * https://docs.mistral.ai/models (their source, mistralai/platform-docs-public
 * `src/schema/models/models/*.ts`, as of 2026-08-21): Mistral Large 3, Medium 3.5, Small 4,
 * Codestral 25.08, Mistral Embed. Cached prompt tokens cost 10% of the input price
 * (https://docs.mistral.ai/studio-api/conversations/advanced/prompt-caching). Older or retired
 * models are left out: set a provider record's own `pricing` for them.
 */
export const mistralPrices: PriceTable = {
  asOf: '2026-08-21',
  models: {
    'mistral-large-latest': { inputPerMTok: 0.5, outputPerMTok: 1.5, cachedInputPerMTok: 0.05 },
    'mistral-large-2512': { inputPerMTok: 0.5, outputPerMTok: 1.5, cachedInputPerMTok: 0.05 },
    'mistral-medium-latest': { inputPerMTok: 1.5, outputPerMTok: 7.5, cachedInputPerMTok: 0.15 },
    'mistral-medium-3-5': { inputPerMTok: 1.5, outputPerMTok: 7.5, cachedInputPerMTok: 0.15 },
    'mistral-small-latest': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.015 },
    'mistral-small-2603': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.015 },
    'codestral-latest': { inputPerMTok: 0.3, outputPerMTok: 0.9, cachedInputPerMTok: 0.03 },
    'codestral-2508': { inputPerMTok: 0.3, outputPerMTok: 0.9, cachedInputPerMTok: 0.03 },
    'mistral-embed': { inputPerMTok: 0.1, outputPerMTok: 0 },
    'mistral-embed-2312': { inputPerMTok: 0.1, outputPerMTok: 0 }
  }
}
