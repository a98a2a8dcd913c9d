import { describe, expect, it } from 'vitest'
import { splitTokens } from './stream-tokens.js'

describe('splitTokens', () => {
  it('keeps every character, so tokens join back into the text', () => {
    const text = '  Hello,  world!\nHow are\tyou? '
    const tokens = splitTokens(text)
    expect(tokens).toEqual(['  ', 'Hello,  ', 'world!\n', 'How ', 'are\t', 'you? '])
    expect(tokens.join('')).toBe(text)
  })

  it('gives no token for empty text', () => {
    expect(splitTokens('')).toEqual([])
  })
})
