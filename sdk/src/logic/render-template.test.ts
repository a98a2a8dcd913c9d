import { afterEach, describe, expect, it } from 'vitest'
import { renderTemplate, type TemplateScope } from './render-template.js'

const scope: TemplateScope = {
  input: { topic: 'cats', count: 3, ok: true, list: [10, { name: 'second' }], 'odd key': 'odd', nothing: null },
  nodes: { 'fetch-1': { output: { items: ['a', 'b'], meta: { total: 2 } } } },
  value: 'current'
}

describe('renderTemplate', () => {
  it('returns the raw value of a text that is exactly one template', () => {
    expect(renderTemplate('{{ input.count }}', scope)).toBe(3)
    expect(renderTemplate('{{input.ok}}', scope)).toBe(true)
    expect(renderTemplate('{{   nodes.fetch-1.output.meta   }}', scope)).toEqual({ total: 2 })
    expect(renderTemplate('{{ nodes.fetch-1.output.items }}', scope)).toEqual(['a', 'b'])
    expect(renderTemplate('{{ value }}', scope)).toBe('current')
    expect(renderTemplate('{{ input.missing }}', scope)).toBeUndefined()
    expect(renderTemplate('{{ input.nothing }}', scope)).toBeNull()
  })

  it('reads indices and quoted keys', () => {
    expect(renderTemplate('{{ input.list[0] }}', scope)).toBe(10)
    expect(renderTemplate('{{ input.list[1].name }}', scope)).toBe('second')
    expect(renderTemplate('{{ input.list.1["name"] }}', scope)).toBe('second')
    expect(renderTemplate('{{ input["odd key"] }}', scope)).toBe('odd')
    expect(renderTemplate('{{ input.list[5] }}', scope)).toBeUndefined()
    expect(renderTemplate('{{ input.topic.length }}', scope)).toBeUndefined()
  })

  it('splices values into surrounding text', () => {
    expect(renderTemplate('About {{ input.topic }}: {{ input.count }} ({{ input.ok }})', scope)).toBe(
      'About cats: 3 (true)'
    )
    expect(renderTemplate('meta={{ nodes.fetch-1.output.meta }} items={{nodes.fetch-1.output.items}}', scope)).toBe(
      'meta={"total":2} items=["a","b"]'
    )
    expect(renderTemplate('[{{ input.missing }}]', scope)).toBe('[]')
    expect(renderTemplate(' {{ input.count }}', scope)).toBe(' 3')
    expect(renderTemplate('no templates here', scope)).toBe('no templates here')
  })

  it('does not scan filled-in values again', () => {
    const tricky: TemplateScope = { ...scope, input: { text: '{{ value }}' } }
    expect(renderTemplate('{{ input.text }}', tricky)).toBe('{{ value }}')
    expect(renderTemplate('say {{ input.text }}', tricky)).toBe('say {{ value }}')
  })

  it('reads own data properties only', () => {
    let getterRan = false
    const input = Object.create({ inherited: 'from prototype' }) as Record<string, unknown>
    Object.defineProperty(input, 'lazy', {
      enumerable: true,
      get() {
        getterRan = true
        return 'computed'
      }
    })
    const guarded: TemplateScope = { input, nodes: {}, value: undefined }
    expect(renderTemplate('{{ input.inherited }}', guarded)).toBeUndefined()
    expect(renderTemplate('{{ input.lazy }}', guarded)).toBeUndefined()
    expect(renderTemplate('{{ nodes.toString }}', guarded)).toBeUndefined()
    expect(getterRan).toBe(false)
  })

  it('refuses __proto__, constructor and prototype even as own keys', () => {
    const input = JSON.parse('{"__proto__": {"a": 1}, "constructor": "c", "prototype": {"b": 2}, "ok": {"c": 3}}')
    const owned: TemplateScope = { input, nodes: {}, value: undefined }
    expect(renderTemplate('{{ input.ok.c }}', owned)).toBe(3)
    expect(renderTemplate('{{ input.__proto__.a }}', owned)).toBeUndefined()
    expect(renderTemplate('{{ input["__proto__"] }}', owned)).toBeUndefined()
    expect(renderTemplate('{{ input.constructor }}', owned)).toBeUndefined()
    expect(renderTemplate('{{ input.prototype.b }}', owned)).toBeUndefined()
  })

  it.each([
    '{{ input.__proto__ }}',
    '{{ input.constructor }}',
    '{{ input.topic.constructor.constructor }}',
    '{{ input["__proto__"] }}',
    '{{ input.list.constructor.prototype }}',
    '{{ nodes.fetch-1.output.__proto__.toString }}'
  ])('refuses %s', (text) => {
    expect(renderTemplate(text, scope)).toBeUndefined()
    expect(renderTemplate(`x${text}`, scope)).toBe('x')
  })

  describe('leaves anything but a path exactly as written', () => {
    afterEach(() => {
      delete (globalThis as Record<string, unknown>).pwned
    })

    it.each([
      '{{ this.constructor.constructor("return process")() }}',
      '{{ this.constructor.constructor("globalThis.pwned = 1")() }}',
      '{{ 1+1 }}',
      '{{ input.a; process.exit() }}',
      '{{ input.count + 1 }}',
      '{{ input.topic.toUpperCase() }}',
      '{{ globalThis.pwned = 1 }}',
      '{{ (globalThis.pwned = 1) }}',
      '{{ input[0+1] }}',
      "{{ input['topic'] }}",
      '{{ input..topic }}',
      '{{ inputs.topic }}',
      '{{ process.env }}',
      '{{ `${process.exit()}` }}',
      '{{ }}',
      '{{ input.topic',
      'price: {{ input.count * 2 }} and {{ input.topic }}'
    ])('%s', (text) => {
      const rendered = renderTemplate(text, scope)
      expect((globalThis as Record<string, unknown>).pwned).toBeUndefined()
      if (text.startsWith('price')) expect(rendered).toBe('price: {{ input.count * 2 }} and cats')
      else expect(rendered).toBe(text)
    })
  })
})
