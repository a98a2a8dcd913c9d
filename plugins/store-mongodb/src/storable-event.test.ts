import { describe, expect, it } from 'vitest'
import { BSON } from 'mongodb'
import { storableEventData } from './storable-event.js'

describe('storableEventData', () => {
  it('replaces NUL characters in field names, at any depth, and keeps values', () => {
    const data = { 'a\u0000b': { list: [{ 'c\u0000': 'x\u0000y' }] }, when: new Date(0) }
    const storable = storableEventData(data)
    expect(storable).toEqual({ 'a\ufffdb': { list: [{ 'c\ufffd': 'x\u0000y' }] }, when: new Date(0) })
    expect(() => BSON.serialize(storable)).not.toThrow()
    expect(() => BSON.serialize(data)).toThrow()
  })

  it('replaces data bigger than a MongoDB document by a note of its size', () => {
    const storable = storableEventData({ output: 'x'.repeat(17 * 1024 * 1024) })
    expect(storable).toEqual({ omitted: expect.stringMatching(/^\d+ bytes of data: more than a MongoDB document may hold$/) })
    expect(storableEventData({ output: 'small' })).toEqual({ output: 'small' })
  })
})
