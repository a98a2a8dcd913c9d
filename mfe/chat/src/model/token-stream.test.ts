import { describe, expect, it } from 'vitest'
import { addToken, applyTokenEvent, assembledText, discardTokens } from './token-stream.ts'

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

  it('shows withdrawn pieces as nothing and keeps assembling after them', () => {
    let stream = addToken(addToken([], 0, 'Leaves'), 1, ' st')
    stream = applyTokenEvent(stream, { index: 2, token: '', discardIndices: [0, 1] })
    expect(assembledText(stream)).toBe('')
    stream = addToken(addToken(stream, 3, 'Leaves '), 4, 'steep.')
    expect(assembledText(stream)).toBe('Leaves steep.')
  })

  it('keeps a piece withdrawn when it arrives after its withdrawal, or arrives again', () => {
    let stream = discardTokens(addToken([], 0, 'Half'), [0, 1])
    stream = addToken(stream, 1, ' an answer')
    stream = addToken(stream, 0, 'Half')
    stream = addToken(stream, 2, 'Whole.')
    expect(assembledText(stream)).toBe('Whole.')
  })
})
