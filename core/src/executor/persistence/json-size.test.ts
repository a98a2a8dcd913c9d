import { describe, expect, it } from 'vitest'
import { formatBytes, jsonSize } from './json-size.js'

const unbounded = Number.MAX_SAFE_INTEGER

describe('jsonSize', () => {
  it.each([
    ['a string', 'hello'],
    ['numbers', [0, 7, -12, 12345, 1e20]],
    ['booleans and null', [true, false, null]],
    ['an object', { name: 'Ada', tags: ['a', 'bc'], nested: { n: 1, ok: true, none: null } }],
    ['an array of objects', Array.from({ length: 100 }, (_, i) => ({ id: i, label: `item ${i}` }))],
    ['a date', { at: new Date(0) }]
  ])('counts %s as JSON.stringify writes it (ASCII, no escapes)', (_name, value) => {
    expect(jsonSize(value, unbounded)).toBe(JSON.stringify(value).length)
  })

  it('leaves out undefined fields, as JSON does', () => {
    expect(jsonSize({ a: 1, b: undefined }, unbounded)).toBe(JSON.stringify({ a: 1 }).length)
  })

  it('counts a value shared by many places each time it appears', () => {
    const big = { text: 'x'.repeat(100_000) }
    const fanOut = Array.from({ length: 5000 }, () => big)
    expect(jsonSize(big, unbounded)).toBe(100_011)
    expect(jsonSize(fanOut, unbounded)).toBe(5000 * 100_011 + 1 + 5000)
  })

  it('stops once past the bound, which also ends a value that contains itself', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    const size = jsonSize(cyclic, 10_000)
    expect(size).toBeGreaterThan(10_000)
    expect(size).toBeLessThan(12_000)
    expect(jsonSize({ text: 'y'.repeat(1_000_000) }, 1000)).toBeGreaterThan(1000)
  })

  it('measures values deeper than the stack allows', () => {
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(jsonSize(deep, unbounded)).toBe(200_001)
  })
})

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [3277, '3.2 KiB'],
    [16 * 1024 * 1024, '16 MiB'],
    [1.5 * 1024 ** 3, '1.5 GiB']
  ])('%d is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
