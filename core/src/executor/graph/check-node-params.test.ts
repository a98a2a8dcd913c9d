import { describe, expect, it } from 'vitest'
import { isTemplate, nodeParamsErrors } from './check-node-params.js'

const schema = {
  type: 'object',
  properties: {
    ms: { type: 'integer', minimum: 0 },
    url: { type: 'string', format: 'uri' },
    tags: { type: 'array', items: { type: 'integer' } },
    mode: { type: 'string', enum: ['fast', 'slow'] }
  },
  required: ['ms'],
  additionalProperties: false
}

describe('nodeParamsErrors', () => {
  it('passes valid params', () => {
    expect(nodeParamsErrors({ ms: 5, url: 'https://example.com', tags: [1], mode: 'fast' }, schema)).toEqual([])
  })

  it('names every invalid field', () => {
    expect(nodeParamsErrors({ ms: -1, mode: 'medium', extra: true, tags: ['x'] }, schema)).toEqual([
      { field: 'extra', message: 'is not allowed' },
      { field: 'ms', message: 'must be >= 0' },
      { field: 'tags.0', message: 'must be integer' },
      { field: 'mode', message: 'must be one of fast, slow' }
    ])
  })

  it('accepts a template wherever a value of another type, format or enum is expected', () => {
    const params = { ms: '{{ input.ms }}', url: '{{ input.url }}', tags: ['{{ input.tag }}', 2], mode: 'x{{ value }}' }
    expect(nodeParamsErrors(params, schema)).toEqual([])
  })

  it('still judges every other field next to a template', () => {
    expect(nodeParamsErrors({ ms: '{{ input.ms }}', mode: 'medium', tags: ['{{ input.a }}', 'b'] }, schema)).toEqual([
      { field: 'tags.1', message: 'must be integer' },
      { field: 'mode', message: 'must be one of fast, slow' }
    ])
    expect(nodeParamsErrors({ note: '{{ input.ms }}' }, schema)).toEqual([
      { field: 'ms', message: 'is required' },
      { field: 'note', message: 'is not allowed' }
    ])
  })

  it('does not take a plain string for a template', () => {
    expect(nodeParamsErrors({ ms: 'soon' }, schema)).toEqual([{ field: 'ms', message: 'must be integer' }])
  })

  it('accepts a template inside one branch of a union of shapes', () => {
    const union = {
      type: 'object',
      properties: {
        wait: {
          anyOf: [
            { type: 'object', properties: { ms: { type: 'integer' } }, required: ['ms'] },
            { type: 'string', enum: ['forever'] }
          ]
        }
      }
    }
    expect(nodeParamsErrors({ wait: { ms: '{{ input.ms }}' } }, union)).toEqual([])
    expect(nodeParamsErrors({ wait: 'forever' }, union)).toEqual([])
    expect(nodeParamsErrors({ wait: { ms: 'soon' } }, union)).toEqual([
      { field: 'wait.ms', message: 'must be integer' },
      { field: 'wait', message: 'must be string' },
      { field: 'wait', message: 'must be one of forever' }
    ])
  })

  it('accepts a template deep inside unions nested in unions', () => {
    const nested = {
      type: 'object',
      properties: {
        wait: {
          anyOf: [
            {
              type: 'object',
              properties: {
                inner: { anyOf: [{ type: 'object', properties: { ms: { type: 'integer' } } }, { type: 'null' }] }
              }
            },
            { type: 'string' }
          ]
        }
      }
    }
    expect(nodeParamsErrors({ wait: { inner: { ms: '{{ input.ms }}' } } }, nested)).toEqual([])
    expect(nodeParamsErrors({ wait: { inner: { ms: 1.5 } } }, nested).map((error) => error.field)).toContain(
      'wait.inner.ms'
    )
  })

  it('tells templates from plain text', () => {
    expect(isTemplate('{{ input.a }}')).toBe(true)
    expect(isTemplate('a {{ b')).toBe(true)
    expect(isTemplate('a { b }')).toBe(false)
    expect(isTemplate(3)).toBe(false)
  })
})
