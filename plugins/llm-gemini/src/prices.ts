import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * Google's list prices for the Gemini Developer API, paid tier, standard (not batch) requests, in
 * US dollars per million text tokens, as copied from https://ai.google.dev/gemini-api/docs/pricing
 * ("Last updated 2025-10-31 UTC"). `cachedInputPerMTok` is the "context caching price" (implicit
 * and explicit cache hits alike; the hourly storage price is not per call and not counted).
 * gemini-2.5-pro has two tiers; these are its rates for prompts up to 200k tokens (above:
 * $2.50 input, $15.00 output, $0.25 cached). Audio input costs more than these text rates.
 * Models the page gives no figure for (text-embedding-004 among them) are left out: set a
 * provider record's own `pricing` for those.
 */
export const geminiPrices: PriceTable = {
  asOf: '2025-10-31',
  models: {
    'gemini-2.5-pro': { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 },
    'gemini-2.5-flash': { inputPerMTok: 0.3, outputPerMTok: 2.5, cachedInputPerMTok: 0.03 },
    'gemini-2.5-flash-lite': { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.01 },
    'gemini-2.0-flash': { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
    'gemini-2.0-flash-lite': { inputPerMTok: 0.075, outputPerMTok: 0.3 },
    'gemini-embedding-001': { inputPerMTok: 0.15, outputPerMTok: 0 }
  }
}
