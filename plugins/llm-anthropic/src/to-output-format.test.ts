import { describe, expect, it } from 'vitest'
import { toOutputFormat } from './to-output-format.js'

describe('toOutputFormat', () => {
  it('sends an object schema as a JSON-Schema output format, closed as structured outputs require', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'] }
    expect(toOutputFormat({ type: 'json_schema', name: 'weather', schema })).toEqual({
      format: { type: 'json_schema', schema: { ...schema, additionalProperties: false } }
    })
  })

  it('moves keywords structured outputs do not take into the description, as the vendor helper does', () => {
    const schema = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, minItems: 3 } }, required: ['tags'] }
    const result = toOutputFormat({ type: 'json_schema', name: 'tags', schema })
    expect(result).toEqual({
      format: {
        type: 'json_schema',
        schema: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, description: '{minItems: 3}' } }, additionalProperties: false, required: ['tags'] }
      }
    })
  })

  it('asks in words for a schema structured outputs cannot take, naming it', () => {
    const list = { type: 'array', items: { type: 'string' } }
    expect(toOutputFormat({ type: 'json_schema', name: 'names', schema: list })).toEqual({
      instruction: `Answer with one JSON value and nothing else (no prose, no code fence). It must be valid against this JSON Schema (named names):\n${JSON.stringify(list)}`
    })
    expect(toOutputFormat({ type: 'json_schema', name: 'any', schema: { type: 'object', properties: { data: {} } } })).toHaveProperty('instruction')
  })
})
