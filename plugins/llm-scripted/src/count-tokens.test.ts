import { describe, expect, it } from 'vitest'
import { countTokens } from './count-tokens.js'

describe('countTokens', () => {
  it('counts words and punctuation marks', () => {
    expect(countTokens('Hello, world!')).toBe(4)
    expect(countTokens('{"city":"Paris"}')).toBe(9)
  })

  it('counts nothing in blank text', () => {
    expect(countTokens('')).toBe(0)
    expect(countTokens(' \n\t')).toBe(0)
  })
})
