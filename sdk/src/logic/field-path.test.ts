import { describe, expect, it } from 'vitest'
import jsonata from 'jsonata'
import { fieldPath, lookUpFieldPath } from './field-path.js'

const nodes = Object.assign(Object.create(null) as Record<string, { output: unknown }>, { fetch: { output: { items: [1, 2], user: { name: 'Ada' } } } })
const documents: Array<Record<string, unknown>> = [
  { input: { i: 1 }, nodes, value: { i: 1, text: 'request 1' } },
  { input: null, nodes, value: { user: { name: 'Ada', tags: ['a'] }, n: 0, empty: null, no: false } },
  { input: 'text', nodes, value: [[1, 2], [3]] },
  { input: { deep: { er: { est: 7 } } }, nodes, value: [1] },
  { input: {}, nodes, value: 'a string' },
  { input: { constructor: 1 }, nodes, value: {} },
  { input: undefined, nodes, value: undefined }
]
const expressions = [
  'value',
  'input',
  'nodes',
  'value.i',
  'value.text',
  'value.user.name',
  'value.user.tags',
  'value.n',
  'value.empty',
  'value.no',
  'value.missing',
  'value.user.missing.deeper',
  'input.deep.er.est',
  'input.constructor',
  'value.constructor',
  'value.toString',
  'nodes.fetch.output',
  'nodes.fetch.output.items',
  'nodes.fetch.output.user.name',
  'nodes.nothing.output',
  'true',
  'null',
  'value.true',
  '$value',
  'value.$string',
  'value[0]',
  'value.i + 1',
  ' value',
  'Value'
]

describe('field paths', () => {
  it('gives JSONata’s answer wherever it answers at all', async () => {
    let answered = 0
    for (const document of documents) {
      for (const expression of expressions) {
        const found = lookUpFieldPath(document, fieldPath(expression))
        if (!found) continue
        answered++
        const expected = (await jsonata(expression).evaluate(document)) as unknown
        expect(found.value, `${expression} over ${JSON.stringify(document)}`).toStrictEqual(expected)
      }
    }
    // Most of the plain paths over plain data were answered without JSONata.
    expect(answered).toBeGreaterThan(30)
  })

  it('leaves keywords, variables, operators and arrays to JSONata', () => {
    for (const expression of ['true', 'false', 'null', 'value.true', 'and', '$value', 'value.$string', 'value[0]', 'value.i + 1', ' value', 'value.', '']) {
      expect(fieldPath(expression), expression).toEqual([])
    }
    const document = { value: { list: [1, 2], nested: { list: [3] } } }
    expect(lookUpFieldPath(document, fieldPath('value.list'))).toBeUndefined()
    expect(lookUpFieldPath(document, fieldPath('value.list.x'))).toBeUndefined()
    expect(lookUpFieldPath(document, fieldPath('value.nested'))).toEqual({ value: { list: [3] } })
    expect(lookUpFieldPath({ value: 'text' }, fieldPath('value.length'))).toBeUndefined()
    expect(lookUpFieldPath({ value: {} }, fieldPath('value.constructor'))).toBeUndefined()
  })
})
