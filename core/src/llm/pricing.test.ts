import { describe, expect, it } from 'vitest'
import type { PriceTable } from '@troupe/sdk/plugin'
import { costOf, priceOf } from './pricing.js'

// A kind's list prices, as a provider plugin contributes them.
const listed: PriceTable = {
  asOf: '2026-01-01',
  models: { 'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 }, 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 } }
}

describe('pricing', () => {
  it('prices a known usage with the kind\'s list prices', () => {
    // 1200 prompt tokens at $0.15/M + 300 completion tokens at $0.60/M
    expect(costOf({ promptTokens: 1200, completionTokens: 300 }, priceOf('gpt-4o-mini', {}, listed))).toBe(0.00036)
  })

  it('matches dated snapshots to their base model, the longest name first', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18', {}, listed)).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 })
    expect(priceOf('gpt-4o-2024-08-06', {}, listed)).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 })
  })

  it('prefers the provider record\'s table and prices unknown models at zero', () => {
    const own = { 'llama3:8b': { inputPerMTok: 1, outputPerMTok: 2 }, 'gpt-4o': { inputPerMTok: 1, outputPerMTok: 1 } }
    expect(costOf({ promptTokens: 1_000_000, completionTokens: 500_000 }, priceOf('llama3:8b', own, listed))).toBe(2)
    expect(priceOf('gpt-4o', own, listed)).toEqual({ inputPerMTok: 1, outputPerMTok: 1 })
    expect(costOf({ promptTokens: 1000, completionTokens: 1000 }, priceOf('mystery', own, listed))).toBe(0)
    expect(priceOf('gpt-4o', {}, undefined)).toBeUndefined()
  })

  it('prices cached prompt tokens at the cached rate, or the input rate when there is none; never more cached than prompted', () => {
    const price = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 }
    expect(costOf({ promptTokens: 1_000_000, completionTokens: 0, cachedPromptTokens: 800_000 }, price)).toBe(0.84)
    expect(costOf({ promptTokens: 1_000_000, completionTokens: 0, cachedPromptTokens: 800_000 }, { inputPerMTok: 3, outputPerMTok: 15 })).toBe(3)
    expect(costOf({ promptTokens: 100, completionTokens: 0, cachedPromptTokens: 5_000 }, price)).toBe(costOf({ promptTokens: 100, completionTokens: 0, cachedPromptTokens: 100 }, price))
  })
})
