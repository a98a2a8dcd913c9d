import { describe, expect, it } from 'vitest'
import { sameJson } from './same-json.js'

describe('sameJson', () => {
  it('ignores the order of keys and undefined members, not the order of arrays or types', () => {
    expect(sameJson({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 })).toBe(true)
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true)
    expect(sameJson([1, 2], [2, 1])).toBe(false)
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false)
    expect(sameJson({ a: null }, {})).toBe(false)
    expect(sameJson(undefined, null)).toBe(true)
  })
})
