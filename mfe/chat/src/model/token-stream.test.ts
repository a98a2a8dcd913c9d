import { describe, expect, it } from 'vitest'
import { addToken, assembledText } from './token-stream.ts'

describe('token stream', () => {
  it('assembles pieces by index, waiting for a missing one before showing what follows', () => {
    let stream = addToken([], 0, 'echo:')
    stream = addToken(stream, 2, 'Hello')
    expect(assembledText(stream)).toBe('echo:')
    stream = addToken(stream, 1, ' ')
    expect(assembledText(stream)).toBe('echo: Hello')
  })

  it('replaces a repeated index and ignores invalid ones', () => {
    let stream = addToken(addToken([], 0, 'a'), 0, 'b')
    stream = addToken(stream, -1, 'x')
    stream = addToken(stream, 1.5, 'y')
    expect(assembledText(stream)).toBe('b')
    expect(stream).toHaveLength(1)
  })
})
