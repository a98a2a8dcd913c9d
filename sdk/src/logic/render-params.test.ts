import { describe, expect, it } from 'vitest'
import { compileParams, renderParams } from './render-params.js'
import { maxRenderedLength, type TemplateScope } from './render-template.js'

const scope: TemplateScope = {
  input: { ms: 250, name: 'Ann', tags: ['x', 'y'] },
  nodes: { draft: { output: { text: 'Hello' } } },
  value: 7
}

describe('renderParams', () => {
  const schema = {
    type: 'object',
    properties: {
      ms: { type: 'integer' },
      condition: { type: 'string', 'x-troupe-expression': true },
      headers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      script: { type: 'object', 'x-troupe-expression': true }
    }
  }

  it('renders every string, deeply, keeping raw values of whole templates', () => {
    const params = {
      ms: '{{ input.ms }}',
      greeting: '{{ nodes.draft.output.text }}, {{ input.name }}!',
      headers: [{ name: 'X-Count', value: '{{ value }}' }, '{{ input.tags }}'],
      nested: { deeper: { list: ['{{ input.name }}', 3, null, true] } }
    }
    expect(renderParams(params, schema, scope)).toEqual({
      ms: 250,
      greeting: 'Hello, Ann!',
      headers: [{ name: 'X-Count', value: 7 }, ['x', 'y']],
      nested: { deeper: { list: ['Ann', 3, null, true] } }
    })
  })

  it('leaves expressions as written', () => {
    const params = {
      condition: '{{ input.ms }} > 100',
      script: { code: 'return {{ input.name }}', args: ['{{ value }}'] },
      ms: '{{ input.ms }}'
    }
    expect(renderParams(params, schema, scope)).toEqual({
      condition: '{{ input.ms }} > 100',
      script: { code: 'return {{ input.name }}', args: ['{{ value }}'] },
      ms: 250
    })
  })

  it('finds expressions in array items, additional properties and schema combinations', () => {
    const combined = {
      type: 'object',
      properties: {
        rules: { type: 'array', items: { type: 'string', 'x-troupe-expression': true } },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string', 'x-troupe-expression': true }] },
        vars: { type: 'object', additionalProperties: { type: 'string', 'x-troupe-expression': true } },
        named: { type: 'object', patternProperties: { '^raw_': { 'x-troupe-expression': true } } }
      },
      allOf: [{ properties: { when: { type: 'string', 'x-troupe-expression': true } } }]
    }
    const params = {
      rules: ['{{ value }}'],
      pair: ['{{ value }}', '{{ value }}'],
      vars: { a: '{{ value }}' },
      named: { raw_x: '{{ value }}', plain: '{{ value }}' },
      when: '{{ value }}',
      other: '{{ value }}'
    }
    expect(renderParams(params, combined, scope)).toEqual({
      rules: ['{{ value }}'],
      pair: [7, '{{ value }}'],
      vars: { a: '{{ value }}' },
      named: { raw_x: '{{ value }}', plain: 7 },
      when: '{{ value }}',
      other: 7
    })
  })

  it('treats a whole schema marked as an expression as raw', () => {
    expect(renderParams({ a: '{{ value }}' }, { type: 'object', 'x-troupe-expression': true }, scope)).toEqual({
      a: '{{ value }}'
    })
  })

  it('returns a new object and never changes the params', () => {
    const params = { script: { code: '{{ value }}' }, list: ['{{ value }}'], ms: '{{ input.ms }}' }
    const before = structuredClone(params)
    const rendered = renderParams(params, schema, scope)
    expect(params).toEqual(before)
    expect(rendered).not.toBe(params)
    expect(rendered.script).not.toBe(params.script)
    expect(rendered.list).not.toBe(params.list)
  })

  it('keeps a __proto__ key a plain key, and does not take Object.prototype for its schema', () => {
    const params = JSON.parse('{"__proto__": {"polluted": "{{ value }}"}}') as Record<string, unknown>
    const rendered = renderParams(params, schema, scope)
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype)
    expect(Object.hasOwn(rendered, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(rendered, '__proto__')!.value).toEqual({ polluted: 7 })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('compileParams', () => {
  it('gives a fresh copy on every call, so a node changing its params changes only its own', () => {
    const fill = compileParams({ expression: 'value', list: [{ a: 1 }], text: 'hi {{ input.name }}' }, { type: 'object' })
    const first = fill(scope)
    ;(first.list as Array<{ a: number }>)[0].a = 99
    expect(fill(scope)).toEqual({ expression: 'value', list: [{ a: 1 }], text: 'hi Ann' })
    expect(fill({ ...scope, input: { name: 'Bo' } }).text).toBe('hi Bo')
  })
})

describe('the rendering budget', () => {
  const big = { input: { big: 'x'.repeat(100_000) }, nodes: {}, value: null }

  it('fails a template that repeats a large value thousands of times, quickly and without filling the memory', () => {
    const fill = compileParams({ prompt: '{{ input.big }}'.repeat(20_000) }, { type: 'object' })
    const started = Date.now()
    expect(() => fill(big)).toThrow(`Templates rendered more than ${maxRenderedLength} characters`)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('counts every template of one params object together, and starts afresh for the next rendering', () => {
    const each = '{{ input.big }}'.repeat(60)
    const fill = compileParams({ list: Array.from({ length: 2 }, () => each) }, { type: 'object' })
    expect((fill(big).list as string[])[0]).toHaveLength(6_000_000)
    const tooMany = compileParams({ list: Array.from({ length: 2 }, () => each), more: each }, { type: 'object' })
    expect(() => tooMany(big)).toThrow(/^Templates rendered more than/)
    expect(fill(big).list).toHaveLength(2)
  })

  it('hands a whole-value template its value by reference, at no cost', () => {
    const fill = compileParams({ a: '{{ input.big }}', b: '{{ input.big }}' }, { type: 'object' })
    expect(fill(big)).toEqual({ a: big.input.big, b: big.input.big })
  })
})
