import { describe, expect, it } from 'vitest'
import { isTruthy } from './jsonata-truthiness.js'

describe('isTruthy', () => {
  it.each([
    [true, true],
    [false, false],
    ['text', true],
    ['', false],
    [1, true],
    [-0.5, true],
    [0, false],
    [null, false],
    [undefined, false],
    [[], false],
    [[0, ''], false],
    [[0, 'x'], true],
    [{}, false],
    [{ a: null }, true]
  ])('%j is %s', async (value, expected) => {
    expect(await isTruthy(value)).toBe(expected)
  })
})
