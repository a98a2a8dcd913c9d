import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * OpenAI's public list prices (US dollars per million tokens) of its common models, as copied
 * into this table; check https://openai.com/api/pricing before relying on them, and set a
 * provider record's own `pricing` for anything else (a gateway, a local model, a discount).
 */
export const openAiPrices: PriceTable = {
  asOf: '2025-06-01',
  models: {
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
}
