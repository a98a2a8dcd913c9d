import type { PriceTable } from '@troupe/sdk/plugin'

/**
 * Anthropic's public list prices (US dollars per million tokens) of the Claude models the Messages
 * API serves, copied from the vendor's pages: https://platform.claude.com/docs/en/about-claude/pricing
 * and each model's page, https://platform.claude.com/docs/en/models/<model>/overview. The cached
 * rate is the "cache hits and refreshes" column. Check them before relying on them, and set a
 * provider record's own `pricing` for anything else (a discount, a gateway, the batch rates).
 *
 * What one rate per model cannot say, and how this table reads it:
 * - Cache writes cost 1.25 times the input rate (2 times for the one-hour cache); they are priced
 *   here at the input rate, since the contract has no cache-write rate.
 * - Claude Haiku 5.5 costs five times more on a request whose prompt is over 100,000 tokens; the
 *   table has its rates up to 100,000.
 * - Claude Sonnet 5.5's cache reads were cut from $0.20 to $0.10 on 2026-10-07.
 * - Claude Fable 5.2 and the Mythos models are left out: no vendor page with their rates was at
 *   hand. Claude Fable 5 is left out with them, as its name would price `claude-fable-5-2` at its
 *   own (higher) rates.
 */
export const anthropicPrices: PriceTable = {
  asOf: '2026-12-07',
  models: {
    'claude-fable-5-1': { inputPerMTok: 10, outputPerMTok: 50, cachedInputPerMTok: 0.25 },
    'claude-opus-5-5': { inputPerMTok: 4, outputPerMTok: 20, cachedInputPerMTok: 0.2 },
    'claude-sonnet-5-5': { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.1 },
    'claude-haiku-5-5': { inputPerMTok: 0.1, outputPerMTok: 0.5, cachedInputPerMTok: 0.01 },
    'claude-opus-5': { inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5 },
    'claude-sonnet-5': { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 0.2 },
    'claude-opus-4-8': { inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5 },
    'claude-opus-4-7': { inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5 },
    'claude-opus-4-6': { inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5 },
    'claude-opus-4-5': { inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5 },
    'claude-sonnet-4-6': { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 },
    'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 },
    'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1 }
  }
}
