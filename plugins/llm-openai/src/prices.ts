import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * OpenAI's public list prices (US dollars per million tokens) of its common models, as copied
 * into this table, with the cached-input rate and the embedding models; check
 * https://openai.com/api/pricing before relying on them, and set a provider record's own
 * `pricing` for anything else (a gateway, a local model, a discount).
 */
export const openAiPrices: PriceTable = {
  asOf: '2025-06-01',
  models: {
    'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 },
    'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 },
    'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
    'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
    'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
    'gpt-4-turbo': { inputPerMTok: 10, outputPerMTok: 30 },
    'gpt-3.5-turbo': { inputPerMTok: 0.5, outputPerMTok: 1.5 },
    'o1': { inputPerMTok: 15, outputPerMTok: 60, cachedInputPerMTok: 7.5 },
    'o3-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.55 },
    'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275 },
    'text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0 },
    'text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0 },
    'text-embedding-ada-002': { inputPerMTok: 0.1, outputPerMTok: 0 }
  }
}
