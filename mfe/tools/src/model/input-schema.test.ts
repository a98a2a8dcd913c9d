import { describe, expect, it } from 'vitest'
import { rowsToSchema, sampleArguments, schemaToRows } from './input-schema.ts'

const schema = {
  type: 'object',
  properties: { a: { type: 'number', description: 'first' }, b: { type: 'number' }, note: { type: 'string' } },
  required: ['a', 'b']
}

describe('input schema rows', () => {
  it('round-trips a flat schema through rows', () => {
    const rows = schemaToRows(schema)!
    expect(rows).toEqual([
      { name: 'a', type: 'number', description: 'first', required: true },
      { name: 'b', type: 'number', description: '', required: true },
      { name: 'note', type: 'string', description: '', required: false }
    ])
    expect(rowsToSchema(rows)).toEqual(schema)
  })

  it('leaves unnamed rows out and omits an empty required list', () => {
    expect(rowsToSchema([{ name: ' ', type: 'string', description: '', required: true }])).toEqual({ type: 'object', properties: {} })
  })

  it('gives up on schemas the rows cannot show, so the JSON view keeps them intact', () => {
    expect(schemaToRows({ type: 'object', properties: { city: { type: 'string', enum: ['Paris'] } } })).toBeUndefined()
    expect(schemaToRows({ type: 'object', properties: { at: { type: 'object', properties: {} } } })).toBeUndefined()
    expect(schemaToRows({ type: 'object', $defs: {} })).toBeUndefined()
    expect(schemaToRows({ type: 'object' })).toEqual([])
  })

  it('suggests test arguments of the right types', () => {
    expect(sampleArguments(schema)).toEqual({ a: 0, b: 0, note: '' })
  })
})
