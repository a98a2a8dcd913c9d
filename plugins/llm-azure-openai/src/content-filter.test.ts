import { LlmProviderError } from '@troupe/sdk/plugin'
import { describe, expect, it } from 'vitest'
import { contentFiltered, filteredAnswer, filteredCategories } from './content-filter.js'

describe('filteredCategories', () => {
  it('names the categories that were filtered, with their severity', () => {
    const verdict = {
      hate: { filtered: true, severity: 'high' },
      self_harm: { filtered: false, severity: 'safe' },
      sexual: { filtered: false, severity: 'low' },
      violence: { filtered: true, severity: 'medium' },
      protected_material_text: { detected: true, filtered: true },
      jailbreak: { detected: true, filtered: false }
    }
    expect(filteredCategories(verdict)).toEqual(['hate (high)', 'violence (medium)', 'protected_material_text'])
  })

  it('finds nothing in what is not a verdict', () => {
    expect(filteredCategories(undefined)).toEqual([])
    expect(filteredCategories({})).toEqual([])
    expect(filteredCategories({ error: { code: 'content_filter_error', message: 'The contents are not filtered' } })).toEqual([])
    expect(filteredCategories('hate')).toEqual([])
  })
})

describe('contentFiltered', () => {
  it('is a content_filtered failure, not worth the next provider, naming what was filtered', () => {
    const error = contentFiltered('HTTP 400: The response was filtered', ['hate (high)'], 400)
    expect(error).toBeInstanceOf(LlmProviderError)
    expect(error).toMatchObject({ reason: 'content_filtered', retryable: false, status: 400, message: 'HTTP 400: The response was filtered (filtered: hate (high))' })
  })

  it('reads a filtered answer from the choice verdict', () => {
    expect(filteredAnswer({ sexual: { filtered: true, severity: 'medium' } }).message).toBe(
      "Azure OpenAI's content filter stopped the answer (finish_reason content_filter) (filtered: sexual (medium))"
    )
  })
})
