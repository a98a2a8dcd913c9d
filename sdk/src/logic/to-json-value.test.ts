import { describe, expect, it } from 'vitest'
import jsonata from 'jsonata'
import { toJsonValue } from './to-json-value.js'

describe('toJsonValue', () => {
  it('turns nothing into null', () => {
    expect(toJsonValue(undefined)).toBeNull()
  })

  it("turns JSONata's sequences into plain arrays", async () => {
    const sequence = (await jsonata('items.id').evaluate({ items: [{ id: 1 }, { id: 2 }] })) as unknown
    expect(Object.keys(sequence as object)).toContain('sequence')
    const value = toJsonValue(sequence)
    expect(value).toEqual([1, 2])
    expect(Object.keys(value as object)).toEqual(['0', '1'])
  })

  it('refuses functions, JSONata lambdas and built-ins alike, at any depth', async () => {
    for (const expression of ['function($x){ $x }', '$string', '{ "nested": [function($x){ $x }] }']) {
      const value = (await jsonata(expression).evaluate({})) as unknown
      expect(() => toJsonValue(value), expression).toThrow('The expression returned a function, which is not data')
    }
  })

  it('copies data as JSON would: no shared references, numbers JSON cannot hold become null', () => {
    const nested = { a: [1, { b: 'x' }] }
    const value = toJsonValue({ nested, when: new Date(0), nan: Number.NaN }) as Record<string, unknown>
    expect(value).toEqual({ nested: { a: [1, { b: 'x' }] }, when: '1970-01-01T00:00:00.000Z', nan: null })
    expect(value.nested).not.toBe(nested)
    expect(toJsonValue(Number.POSITIVE_INFINITY)).toBeNull()
  })

  it('reports a cycle instead of looping on it', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    expect(() => toJsonValue(cyclic)).toThrow(/circular/)
  })
})
