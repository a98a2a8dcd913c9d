import { describe, expect, it } from 'vitest'
import { featuresOf } from './api-version-features.js'

describe('featuresOf', () => {
  it('gives the GA before structured outputs none of them', () => {
    expect(featuresOf('2024-06-01')).toEqual({ structuredOutputs: false, maxCompletionTokens: false, streamUsage: false })
  })

  it('gives 2024-08-01-preview structured outputs only', () => {
    expect(featuresOf('2024-08-01-preview')).toEqual({ structuredOutputs: true, maxCompletionTokens: false, streamUsage: false })
  })

  it('gives 2024-09-01-preview, the GA 2024-10-21 and later previews all of them', () => {
    for (const version of ['2024-09-01-preview', '2024-10-21', '2025-04-01-preview']) {
      expect(featuresOf(version), version).toEqual({ structuredOutputs: true, maxCompletionTokens: true, streamUsage: true })
    }
  })
})
