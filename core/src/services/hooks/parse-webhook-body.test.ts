import { describe, expect, it } from 'vitest'
import { parseWebhookBody } from './parse-webhook-body.js'

const parse = (text: string, kind: Parameters<typeof parseWebhookBody>[1]) => parseWebhookBody(Buffer.from(text), kind)

describe('parseWebhookBody', () => {
  it('parses JSON of any kind of value', () => {
    expect(parse('{"a":[1,{"b":null}]}', 'json')).toEqual({ a: [1, { b: null }] })
    expect(parse('42', 'json')).toBe(42)
    expect(parse('', 'json')).toEqual({})
  })

  it('parses forms, repeated names into lists', () => {
    expect(parse('a=1&b=x%20y&a=2&a=3', 'form')).toEqual({ a: ['1', '2', '3'], b: 'x y' })
  })

  it('keeps text as it is', () => {
    expect(parse('héllo\n', 'text')).toBe('héllo\n')
  })

  it('gives no input for an empty body without a type, and refuses one with content', () => {
    expect(parse('', undefined)).toBeNull()
    expect(() => parse('{}', undefined)).toThrow(expect.objectContaining({ code: 415 }))
  })

  it('answers malformed JSON with a 400', () => {
    expect(() => parse('{"a":', 'json')).toThrow(expect.objectContaining({ code: 400, message: expect.stringContaining('Malformed request body') }))
  })

  it.each([
    ['a __proto__ key', '{"a":{"__proto__":{"polluted":true}}}'],
    ['an escaped __proto__ key', '{"\\u005f_proto__":{"polluted":true}}'],
    ['constructor.prototype', '[{"constructor":{"prototype":{"polluted":true}}}]']
  ])('refuses %s with a 400, like the rest of the API', (_case, text) => {
    expect(() => parse(text, 'json')).toThrow(expect.objectContaining({ code: 400 }))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a __proto__ form field, and lets harmless look-alikes through', () => {
    expect(() => parse('__proto__=1', 'form')).toThrow(expect.objectContaining({ code: 400 }))
    expect(parse('{"prototype":1,"constructor":"x","proto":"\\u0041"}', 'json')).toEqual({ prototype: 1, constructor: 'x', proto: 'A' })
  })
})
