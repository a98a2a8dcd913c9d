import { describe, expect, it } from 'vitest'
import { evaluateJsonata, type JsonataLimits } from './evaluate-jsonata.js'

interface Context {
  executionInput: unknown
  nodes: Record<string, { output: unknown }>
  input: unknown
  signal: AbortSignal
}

function context(overrides: Partial<Context> = {}): Context {
  return { executionInput: { n: 11, a: 21 }, nodes: {}, input: undefined, signal: new AbortController().signal, ...overrides }
}

/** The flow binding: `input`, `nodes` and `value`, as the host evaluates node expressions. */
function evaluateExpression(expression: string, { executionInput, nodes, input, signal }: Context, limits: Partial<JsonataLimits> = {}) {
  return evaluateJsonata(expression, { input: executionInput, nodes, value: input }, { ...limits, signal })
}

const tailRecursion = '( $f := function($x){ $f($x) }; $f(1) )'
const growingRecursion = '( $f := function($x){ 1 + $f($x) }; $f(1) )'

async function timed<T>(promise: Promise<T>): Promise<{ error: Error; ms: number }> {
  const started = Date.now()
  const error = await promise.then(
    () => {
      throw new Error('expected the evaluation to fail')
    },
    (reason: Error) => reason
  )
  return { error, ms: Date.now() - started }
}

describe('evaluateJsonata: the binding', () => {
  it('reads the execution input as `input`', async () => {
    expect(await evaluateExpression('input.n > 10', context())).toBe(true)
    expect(await evaluateExpression('input.a * 2', context())).toBe(42)
  })

  it('reads upstream outputs as `nodes.<id>.output` and its own input as `value`', async () => {
    const nodes = { fetch: { output: { items: [{ id: 'first' }, { id: 'second' }] } }, 'load-user': { output: { name: 'Ada' } } }
    expect(await evaluateExpression('nodes.fetch.output.items[0].id', context({ nodes }))).toBe('first')
    expect(await evaluateExpression('nodes.`load-user`.output.name', context({ nodes }))).toBe('Ada')
    expect(await evaluateExpression('value.text & "!"', context({ input: { text: 'hi' } }))).toBe('hi!')
  })

  it('gives undefined when nothing matches', async () => {
    expect(await evaluateExpression('input.missing.deeper', context())).toBeUndefined()
  })
})

describe('evaluateJsonata: errors', () => {
  it('names the syntax error and where it is', async () => {
    await expect(evaluateExpression('input.n >', context())).rejects.toThrow(
      'Invalid expression: Unexpected end of expression at position 9'
    )
    await expect(evaluateExpression('(input.n', context())).rejects.toThrow(
      /^Invalid expression: Expected "\)" before end of expression at position \d+$/
    )
  })

  it('names runtime errors apart from syntax errors', async () => {
    await expect(evaluateExpression('"a" * 2', context())).rejects.toThrow(
      'Expression failed: The left side of the "*" operator must evaluate to a number at position 5'
    )
  })

  it('stops runaway tail recursion at the time limit instead of hanging', async () => {
    const { error, ms } = await timed(evaluateExpression(tailRecursion, context()))
    expect(error.message).toBe('Expression took longer than 1000 ms')
    expect(ms).toBeGreaterThanOrEqual(1000)
    expect(ms).toBeLessThan(1500)
  })

  it('stops growing recursion at the depth limit, long before the time limit', async () => {
    const { error, ms } = await timed(evaluateExpression(growingRecursion, context()))
    expect(error.message).toBe('Expression nested deeper than 500 levels: runaway recursion?')
    expect(ms).toBeLessThan(500)
  })

  it('takes other limits', async () => {
    const { error } = await timed(evaluateExpression(tailRecursion, context(), { timeoutMs: 50 }))
    expect(error.message).toBe('Expression took longer than 50 ms')
    const countdown = '( $f := function($x){ $x = 0 ? 0 : 1 + $f($x - 1) }; $f(30) )'
    expect(await evaluateExpression(countdown, context())).toBe(30)
    await expect(evaluateExpression(countdown, context(), { maxDepth: 40 })).rejects.toThrow('Expression nested deeper than 40 levels')
  })

  it('also bounds expressions run through $eval, under its own message', async () => {
    const { error, ms } = await timed(evaluateExpression(`$eval(${JSON.stringify(tailRecursion)})`, context({}), { timeoutMs: 200 }))
    expect(error.message).toBe('Expression took longer than 200 ms')
    expect(ms).toBeLessThan(700)
  })

  it('stops when the signal aborts, even in the middle of a runaway evaluation', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const { error, ms } = await timed(evaluateExpression(tailRecursion, context({ signal: controller.signal }), { timeoutMs: 10_000 }))
    expect(error.name).toBe('AbortError')
    expect(ms).toBeLessThan(150)
  })

  it('does not start when the signal has already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(evaluateExpression('1 + 1', context({ signal: controller.signal }))).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('evaluateJsonata: breadth is not depth', () => {
  // JSONata evaluates array items and object groups concurrently; those must not count as nesting.
  const items = Array.from({ length: 2000 }, (_, index) => ({ name: `n${index}`, customer: `c${index % 700}`, amount: index }))

  it('maps over many items building arrays', async () => {
    const expression = '$map(input.items, function($i){ [$i.amount, $i.amount] })'
    const result = (await evaluateExpression(expression, context({ executionInput: { items } }))) as number[][]
    expect(result).toHaveLength(2000)
    expect(result[1999]).toEqual([1999, 1999])
  })

  it('groups many items into nested objects and arrays', async () => {
    const expression = 'input.items{ customer: { "total": $sum(amount), "names": [name] } }'
    const result = (await evaluateExpression(expression, context({ executionInput: { items } }))) as Record<string, unknown>
    expect(Object.keys(result)).toHaveLength(700)
    expect(result.c0).toEqual({ total: 0 + 700 + 1400, names: ['n0', 'n700', 'n1400'] })
  })
})

describe('evaluateJsonata: no way out to JavaScript', () => {
  // JSONata reads own properties of the data only and has no construct that runs JavaScript.
  it('sees no prototype members', async () => {
    const probes = ['input.constructor', 'input.__proto__', '$string(input.__proto__)', '$lookup(input, "constructor")', 'input.n.toString']
    for (const expression of probes) {
      expect(await evaluateExpression(expression, context()), expression).toBeUndefined()
    }
    expect(await evaluateExpression('$join($keys(input), ",")', context())).toBe('n,a')
  })

  it('cannot reach the Function constructor', async () => {
    expect(await evaluateExpression('input.constructor.constructor("return process")()', context())).toBeUndefined()
    await expect(evaluateExpression('$string.constructor', context())).resolves.toBeUndefined()
  })

  it('treats template-style code as invalid syntax, and as plain text inside a string', async () => {
    const payload = '{{ this.constructor.constructor("return process")() }}'
    await expect(evaluateExpression(payload, context())).rejects.toThrow(/^Invalid expression: /)
    expect(await evaluateExpression(JSON.stringify(payload), context())).toBe(payload)
  })

  it('keeps a `__proto__` key of JSON data as plain data', async () => {
    const executionInput = JSON.parse('{"__proto__": {"polluted": true}}') as unknown
    expect(await evaluateExpression('input.__proto__.polluted', context({ executionInput }))).toBe(true)
    expect(await evaluateExpression('$merge([{}, input.__proto__])', context({ executionInput }))).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
