import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * Azure OpenAI's list prices for Global Standard deployments, US dollars per million tokens, by the
 * model a deployment runs (Azure answers with that model and its version, `gpt-4o-2024-11-20`, which
 * is priced as the longest name here it starts with). Source: the Azure OpenAI pricing page,
 * https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/, whose figures come
 * from the Azure Retail Prices API (https://prices.azure.com/api/retail/prices, service "Foundry
 * Models", Consumption meters); they were copied from a public transcription of that API on `asOf`.
 * Data Zone and Regional deployments cost more, provisioned (PTU) ones are not priced per token: a
 * provider record's own `pricing` (keyed by the model Azure reports) wins over this table.
 */
export const azureOpenAiPrices: PriceTable = {
  asOf: '2026-12-07',
  models: {
    'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 },
    // The first gpt-4o snapshot kept its launch price.
    'gpt-4o-2024-05-13': { inputPerMTok: 5, outputPerMTok: 15 },
    'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 },
    'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
    'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
    'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
    'o1': { inputPerMTok: 15, outputPerMTok: 60, cachedInputPerMTok: 7.5 },
    'o3': { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
    'o3-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.55 },
    'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275 },
    'text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0 },
    'text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0 },
    'text-embedding-ada-002': { inputPerMTok: 0.1, outputPerMTok: 0 }
  }
}
