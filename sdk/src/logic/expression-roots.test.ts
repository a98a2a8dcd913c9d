import { describe, expect, it } from 'vitest'
import { evaluateJsonata } from './evaluate-jsonata.js'
import { dataReadBy } from './expression-roots.js'

const data = { input: { a: 5, b: [1, 2] }, nodes: { t1: { output: { x: 'n' } } }, value: { c: 'v' } }

describe('dataReadBy', () => {
  it('keeps the top-level fields an expression names', () => {
    expect(dataReadBy('input.a > 3', data)).toEqual({ input: data.input })
    expect(dataReadBy('nodes.t1.output.x & value.c', data)).toEqual({ nodes: data.nodes, value: data.value })
    expect(dataReadBy('$sum(input.b)', data)).toEqual({ input: data.input })
    expect(dataReadBy('`nodes`.t1', data)).toEqual({ nodes: data.nodes })
    expect(dataReadBy('"no field at all"', data)).toEqual({})
  })

  it('keeps everything when the expression can reach fields it does not name', () => {
    for (const expression of ['$.input', '$$.nodes', '$eval("in" & "put")', '**.x', '*.a', 'input[a = $$.value.c]', '$keys($)', 'input.a.%', '$lookup($, "value")']) {
      expect(dataReadBy(expression, data), expression).toBe(data)
    }
  })

  it('gives every expression the same answer on the kept data as on the whole', async () => {
    const expressions = ['input.a > 3', '$count(input.b)', 'nodes.t1.output.x', '($v := value; $v.c)', '{"a": input.a, "c": value.c}', 'value.c & input.a', '$keys($)', '$eval("in" & "put").a']
    for (const expression of expressions) {
      expect(await evaluateJsonata(expression, dataReadBy(expression, data)), expression).toEqual(await evaluateJsonata(expression, data))
    }
  })
})
