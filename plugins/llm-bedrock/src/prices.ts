import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * Amazon Bedrock's on-demand list prices (US dollars per million tokens, standard tier, in-Region
 * endpoints) of the models below, by Bedrock model id: a versioned id
 * (`amazon.nova-lite-v1:0`) is priced as the name it starts with. AWS publishes them at
 * https://aws.amazon.com/bedrock/pricing/ (per 1,000 tokens there); the figures were copied from
 * pages that quote that list, since the stored copy of AWS's page held no figures: Nova Micro,
 * Lite and Pro and Claude 3 Haiku (pristren.com, bigdataboutique.com, techdailyfeed.com), Nova
 * Pro's cache reads (swfte.com, May 2026), the current Claude models and their cache reads at a
 * tenth of the input rate (clauder-navi.com). Check them before relying on them, and set a
 * provider record's own `pricing` for anything else.
 *
 * What the table leaves out:
 * - Cross-Region inference profiles (`us.…`, `eu.…`, `global.…`) are not listed: the global
 *   profiles of Claude 4.5 and later cost about 10% less than the in-Region rate, the geographic
 *   ones the same, and the table has no figure of its own for either.
 * - Cache writes (1.25 times the input rate for Claude) are priced at the input rate, since the
 *   contract has no cache-write rate.
 * - Nova Micro's and Lite's cache-read rates and the Meta Llama models: the sources at hand
 *   disagreed or gave none.
 */
export const bedrockPrices: PriceTable = {
  asOf: '2026-12-07',
  models: {
    'amazon.nova-micro': { inputPerMTok: 0.035, outputPerMTok: 0.14 },
    'amazon.nova-lite': { inputPerMTok: 0.06, outputPerMTok: 0.24 },
    'amazon.nova-pro': { inputPerMTok: 0.8, outputPerMTok: 3.2, cachedInputPerMTok: 0.2 },
    'anthropic.claude-opus-4-7': { inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5 },
    'anthropic.claude-sonnet-4-6': { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 },
    'anthropic.claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1 },
    'anthropic.claude-3-haiku': { inputPerMTok: 0.25, outputPerMTok: 1.25 },
    // Embeddings: input tokens only ($0.00002 and $0.0001 per 1,000 tokens on AWS's page).
    'amazon.titan-embed-text-v2': { inputPerMTok: 0.02, outputPerMTok: 0 },
    'amazon.titan-embed-text-v1': { inputPerMTok: 0.1, outputPerMTok: 0 }
  }
}
