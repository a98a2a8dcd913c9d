import { describe, expect, it } from 'vitest'
import { costOf, priceOf } from './pricing.js'

describe('pricing', () => {
  it('prices a known usage with the default table', () => {
    // 1200 prompt tokens at $0.15/M + 300 completion tokens at $0.60/M
    expect(costOf({ promptTokens: 1200, completionTokens: 300 }, priceOf('gpt-4o-mini', {}, true))).toBe(0.00036)
  })

  it('matches dated snapshots to their base model, the longest name first', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18', {}, true)).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 })
    expect(priceOf('gpt-4o-2024-08-06', {}, true)).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 })
  })

  it('prefers the provider table and prices unknown models at zero', () => {
    const own = { 'llama3:8b': { inputPerMTok: 1, outputPerMTok: 2 } }
    expect(costOf({ promptTokens: 1_000_000, completionTokens: 500_000 }, priceOf('llama3:8b', own, true))).toBe(2)
    expect(costOf({ promptTokens: 1000, completionTokens: 1000 }, priceOf('mystery', own, true))).toBe(0)
    expect(priceOf('gpt-4o', {}, false)).toBeUndefined()
  })
})
