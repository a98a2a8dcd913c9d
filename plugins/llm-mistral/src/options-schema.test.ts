import { assertMatchesSchema } from '@troupe/sdk/plugin/testing'
import { describe, expect, it } from 'vitest'
import { mistralOptionsSchema } from './options-schema.js'

const check = (options: unknown) => () => assertMatchesSchema(mistralOptionsSchema, options, 'options of mistral')

describe('mistralOptionsSchema', () => {
  it('accepts no options, a temperature and a moderation', () => {
    expect(check({})).not.toThrow()
    expect(check({ temperature: 1.5 })).not.toThrow()
    expect(check({ moderation: { thresholds: { selfharm: 0.1, hateAndDiscrimination: 0.3 }, ignoreOtherCategories: true, blockOnError: true } })).not.toThrow()
  })

  it("refuses a temperature outside Mistral's 0 to 1.5", () => {
    expect(check({ temperature: 1.6 })).toThrow(/temperature must be <= 1.5/)
    expect(check({ temperature: -0.1 })).toThrow(/temperature must be >= 0/)
  })

  it('refuses options it does not describe, a category Mistral does not score and a threshold outside 0 to 1', () => {
    expect(check({ safePrompt: true })).toThrow(/must NOT have additional properties/)
    expect(check({ moderation: { thresholds: { violence: 0.2 } } })).toThrow(/thresholds must NOT have additional properties/)
    expect(check({ moderation: { thresholds: { pii: 2 } } })).toThrow(/moderation.thresholds.pii must be <= 1/)
  })

  it('refuses a moderation that scores nothing', () => {
    expect(check({ moderation: {} })).toThrow(/moderation.thresholds/)
    expect(check({ moderation: { thresholds: {} } })).toThrow(/must NOT have fewer than 1 properties/)
  })
})
