import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import { dataTransformNode } from './data-transform.js'

type Scope = { executionInput?: unknown; input?: unknown; nodes?: Record<string, { output: unknown }> }

const transform = (expression: string, scope: Scope = {}) => runNode(dataTransformNode, { params: { expression }, input: null, ...scope })

describe('data.transform', () => {
  it("outputs the expression's value", async () => {
    expect((await transform('input.a * 2', { executionInput: { a: 21 } })).output).toBe(42)
  })

  it('reads upstream outputs and its own input', async () => {
    const nodes = { fetch: { output: { items: [{ title: 'first' }, { title: 'second' }] } } }
    const expression = '{ "title": nodes.fetch.output.items[0].title, "said": value.text }'
    const result = await transform(expression, { nodes, input: { text: 'hello' } })
    expect(result.output).toEqual({ title: 'first', said: 'hello' })
  })

  it('outputs null when nothing matches', async () => {
    expect((await transform('value.missing', { input: {} })).output).toBeNull()
  })

  it('outputs plain arrays', async () => {
    const items = [
      { name: 'a', price: 1 },
      { name: 'b', price: 2 },
      { name: 'c', price: 3 }
    ]
    const { output } = await transform('value.items[price > 1].name', { input: { items } })
    expect(output).toEqual(['b', 'c'])
    expect(Object.keys(output as object)).toEqual(['0', '1'])
  })

  it('refuses to output a function', async () => {
    await expect(transform('function($x){ $x }')).rejects.toThrow('The expression returned a function, which is not data')
  })

  it('fails on an invalid expression and stops a runaway one', async () => {
    await expect(transform('value.(')).rejects.toThrow(/^Invalid expression: .+ at position \d+$/)
    const started = Date.now()
    await expect(transform('( $f := function($x){ $f($x) }; $f(1) )')).rejects.toThrow('Expression took longer than 1000 ms')
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('marks its expression as not templated and refuses other params', async () => {
    expect(dataTransformNode.params).toMatchObject({ properties: { expression: { 'x-troupe-expression': true } } })
    await expect(runNode(dataTransformNode, { params: { expression: 'value', mode: 'fast' } as never })).rejects.toThrow(
      /must NOT have additional properties/
    )
  })
})
