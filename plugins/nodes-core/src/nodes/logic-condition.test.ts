import { describe, expect, it } from 'vitest'
import { runNode } from '@troupe/sdk/plugin/testing'
import { logicConditionNode } from './logic-condition.js'

describe('logic.condition', () => {
  it.each([
    [11, 'true'],
    [3, 'false']
  ])('sends its input through the port the test picks (n = %i → %s)', async (n, port) => {
    const input = { from: 'upstream' }
    const result = await runNode(logicConditionNode, { params: { expression: 'input.n > 10' }, executionInput: { n }, input })
    expect(result).toMatchObject({ output: input, port })
  })

  it('tests upstream outputs and its own input', async () => {
    const nodes = { classify: { output: { label: 'spam' } } }
    const spam = await runNode(logicConditionNode, { params: { expression: 'nodes.classify.output.label = "spam"' }, nodes, input: {} })
    expect(spam.port).toBe('true')
    const empty = await runNode(logicConditionNode, { params: { expression: 'value.text' }, input: { text: '' } })
    expect(empty.port).toBe('false')
  })

  it.each([
    ['value.items', { items: [] }, 'false'],
    ['value.items', { items: [1] }, 'true'],
    ['value.count', { count: 0 }, 'false'],
    ['value.missing', {}, 'false'],
    ['value.note', { note: null }, 'false'],
    ['value.name', { name: 'Ada' }, 'true']
  ])("follows JSONata's truthiness: %s of %j → %s", async (expression, input, port) => {
    expect((await runNode(logicConditionNode, { params: { expression }, input })).port).toBe(port)
  })

  it('fails on an invalid expression, naming it', async () => {
    await expect(runNode(logicConditionNode, { params: { expression: 'input.n >' }, input: {} })).rejects.toThrow(
      'Invalid expression: Unexpected end of expression at position 9'
    )
  })

  it('branches through `true` and `false` and marks its expression as not templated', () => {
    expect(logicConditionNode.outputs).toEqual([{ name: 'true' }, { name: 'false' }])
    expect(logicConditionNode.params).toMatchObject({ properties: { expression: { 'x-troupe-expression': true } } })
  })

  it('refuses a missing or empty expression', async () => {
    await expect(runNode(logicConditionNode, { params: {} as never })).rejects.toThrow(/expression must have required property/)
    await expect(runNode(logicConditionNode, { params: { expression: '' } })).rejects.toThrow(
      /expression must NOT have fewer than 1 characters/
    )
  })
})
