import { afterAll, describe, expect, it } from 'vitest'
import { LogicBudgetError, LogicPool, type LogicOutcome } from './logic-pool.js'
import { tenantLogicFor } from './tenant-logic.js'

const outcomes: LogicOutcome[] = []
const pool = new LogicPool({
  workers: 2,
  memoryMb: 64,
  timeoutMs: 500,
  maxResultBytes: 100_000,
  maxQueuedPerTenant: 3,
  maxExhaustedPerMinute: 1000,
  cpuMsPerSecond: 64_000,
  observe: (_op, outcome) => outcomes.push(outcome)
})
const tenantA = tenantLogicFor(pool, 'tenant-a')
const tenantB = tenantLogicFor(pool, 'tenant-b')
afterAll(() => pool.close())

const catastrophic = `$match("${'a'.repeat(40)}!", /^(a+)+$/)`
/** The longest a request may wait for its worker, on a machine too busy to run it: ten times its CPU budget, and the grace. */
const maxWaitMs = 10 * 500 + 250

/** Both workers started and answering, so that what a test measures is the wait for a turn, not a start. */
const warm = () => Promise.all([tenantA.evaluate('1', {}), tenantB.evaluate('1', {})])

async function failure(promise: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now()
  const error = await promise.then(
    () => new Error('expected a failure'),
    (reason: Error) => reason
  )
  return { error, ms: Date.now() - started }
}

describe('LogicPool', { timeout: 30_000 }, () => {
  it('evaluates JSONata in a worker and answers plain data', async () => {
    expect(await tenantA.evaluate('$sum(input.items.price) * 2', { input: { items: [{ price: 1 }, { price: 2 }] } })).toBe(6)
    expect(await tenantA.evaluate('input.n > 10', { input: { n: 11 } }, { as: 'boolean' })).toBe(true)
    expect(await tenantA.evaluate('input.missing.deeper', { input: {} })).toBeUndefined()
    expect(outcomes).toContain('ok')
  })

  it('names syntax and runtime errors as the expression gave them', async () => {
    await expect(tenantA.evaluate('input.n >', { input: {} })).rejects.toThrow('Invalid expression: Unexpected end of expression at position 9')
    await expect(tenantA.evaluate('"a" * 2', {})).rejects.toThrow(/^Expression failed: The left side of the "\*" operator/)
  })

  it('stops an expression that exhausts its memory, and the next request gets a fresh worker', async () => {
    for (const expression of ['[1..10000000]', '( $f := function($x){ $eval("$f(1)", {"f": $f}) }; $f(1) )', '$pad("", 100000000, "x")']) {
      const { error } = await failure(tenantA.evaluate(expression, {}))
      expect(error, expression).toBeInstanceOf(Error)
      expect(error.message, expression).toMatch(/needed more than 64 MB of memory|took longer than 500 ms|larger than 100000 bytes/)
    }
    expect(await tenantA.evaluate('1 + 1', {})).toBe(2)
  })

  it('stops catastrophic backtracking at the deadline while the other tenant is answered meanwhile', async () => {
    await warm()
    const finished: string[] = []
    const slow = failure(tenantA.evaluate(catastrophic, {})).finally(() => finished.push('a'))
    expect(await tenantB.evaluate('"fast"', {})).toBe('fast')
    finished.push('b')
    const { error, ms } = await slow
    expect(finished).toEqual(['b', 'a'])
    expect(error).toBeInstanceOf(LogicBudgetError)
    expect(error.message).toBe('Expression took longer than 500 ms')
    expect(ms).toBeGreaterThanOrEqual(500)
    expect(ms).toBeLessThan(maxWaitMs)
  })

  it('caps the result', async () => {
    await expect(tenantA.evaluate('$pad("", 200000, "x")', {})).rejects.toThrow('Expression result is larger than 100000 bytes')
  })

  it('keeps a tenant to half the workers, so a flood waits behind itself', async () => {
    await warm()
    let floodDone = 0
    const flood = Array.from({ length: 3 }, () => failure(tenantA.evaluate(catastrophic, {})).finally(() => floodDone++))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await tenantB.evaluate('input', { input: [1, 2] })).toEqual([1, 2])
    expect(await tenantB.validate({ type: 'object', required: ['a'] }, {})).toEqual([{ field: 'a', message: 'is required' }])
    // Answered while the first of the flood still ran: B never waited behind A's queue.
    expect(floodDone).toBe(0)
    await expect(tenantA.evaluate('1', {})).resolves.toBe(1)
    for (const { error } of await Promise.all(flood)) expect(error.message).toBe('Expression took longer than 500 ms')
  })

  it('refuses a tenant whose queue is full, at once', async () => {
    const queued = Array.from({ length: 4 }, () => failure(tenantA.evaluate(catastrophic, {})))
    const { error, ms } = await failure(tenantA.evaluate('1', {}))
    expect(error).toMatchObject({ name: 'LogicBudgetError', budget: 'queue' })
    expect(ms).toBeLessThan(100)
    await Promise.all(queued)
  })

  it('matches regular expressions in the worker, with the time limit', async () => {
    expect(await tenantB.firstMatch([{ source: 'no' }, { source: 'my name is (?<name>\\w+)', replacement: 'Hi $<name>' }], 'my name is Ada')).toEqual({ index: 1, replaced: 'Hi Ada' })
    const { error } = await failure(tenantB.firstMatch([{ source: '^(a+)+$' }], `${'a'.repeat(40)}!`))
    expect(error.message).toBe('Matching the regular expressions took longer than 500 ms')
  })

  it('compiles and checks JSON Schemas, refusing nested quantifiers and keeping $ids apart', async () => {
    expect(await tenantA.schemaProblems({ type: 'object', properties: { a: { type: 'string', pattern: '^(a+)+$' } } })).toEqual([
      { field: 'properties.a.pattern', message: expect.stringMatching(/^nests repetitions/) }
    ])
    expect(await tenantA.schemaProblems({ type: 'nonsense' })).toEqual([{ field: '', message: expect.stringMatching(/^is not a valid JSON Schema/) }])
    const secret = { $id: 'https://a.example/secret', type: 'object', properties: { level: { enum: ['top-secret-value'] } } }
    expect(await tenantA.schemaProblems(secret)).toEqual([])
    const probe = { type: 'object', properties: { x: { $ref: 'https://a.example/secret#/properties/level' } } }
    const problems = await tenantB.schemaProblems(probe)
    expect(problems).toHaveLength(1)
    expect(JSON.stringify(problems)).not.toContain('top-secret-value')
    expect(await tenantB.schemaProblems({ ...secret, properties: { level: { enum: ['other'] } } })).toEqual([])
  })

  it('refuses a tenant that keeps exhausting its budget, for the rest of the minute, and only that tenant', async () => {
    const strict = new LogicPool({ workers: 2, memoryMb: 64, timeoutMs: 200, maxResultBytes: 1000, maxExhaustedPerMinute: 2 })
    try {
      const [a, b] = [tenantLogicFor(strict, 'a'), tenantLogicFor(strict, 'b')]
      for (let i = 0; i < 2; i++) await expect(a.evaluate(catastrophic, {})).rejects.toMatchObject({ budget: 'time' })
      const { error, ms } = await failure(a.evaluate('1', {}))
      expect(error).toMatchObject({ name: 'LogicBudgetError', budget: 'penalty' })
      expect(error.message).toMatch(/^This tenant's expressions, schemas or patterns ran out of time or memory too often in the last minute; they are refused for \d+ s$/)
      expect(ms).toBeLessThan(50)
      expect(await b.evaluate('2', {})).toBe(2)
    } finally {
      strict.close()
    }
  })

  it('refuses a tenant that used its share of CPU time, until the window ends, and only that tenant', async () => {
    const strict = new LogicPool({ workers: 2, memoryMb: 64, timeoutMs: 400, maxResultBytes: 1000, cpuMsPerSecond: 40, maxExhaustedPerMinute: 1000 })
    try {
      const [a, b] = [tenantLogicFor(strict, 'a'), tenantLogicFor(strict, 'b')]
      // Heavy enough that 40 of them outspend the share on a fast, idle machine too (~30 ms each there).
      const busy = '$sum([1..1000000])'
      let refused: Error | undefined
      for (let i = 0; i < 40 && !refused; i++) refused = await a.evaluate(busy, {}).then(() => undefined, (error: Error) => error)
      expect(refused).toMatchObject({ name: 'LogicBudgetError', budget: 'penalty' })
      expect(refused!.message).toMatch(/^This tenant's expressions, schemas or patterns used their share of CPU time \(40 ms a second\); they are refused for \d+ s$/)
      expect(await b.evaluate('2', {})).toBe(2)
    } finally {
      strict.close()
    }
  })

  it('keeps a tenant that overdrew its CPU share refused until its average is back to the share', async () => {
    const strict = new LogicPool({ workers: 1, memoryMb: 64, timeoutMs: 400, maxResultBytes: 1000, cpuMsPerSecond: 40, maxExhaustedPerMinute: 1000 })
    try {
      const a = tenantLogicFor(strict, 'a')
      await expect(a.evaluate('( $f := function($x){ $f($x) }; $f(1) )', {})).rejects.toMatchObject({ budget: expect.stringMatching(/time|memory/) })
      const refused = await a.evaluate('1', {}).then(() => undefined, (error: Error) => error)
      // At least 400 ms spent at 40 ms a second: more than the ten seconds of one window.
      expect(Number(/refused for (\d+) s/.exec(refused?.message ?? '')?.[1])).toBeGreaterThanOrEqual(11)
    } finally {
      strict.close()
    }
  })

  it('aborts a running evaluation when the signal aborts', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const { error, ms } = await failure(tenantA.evaluate(catastrophic, {}, { signal: controller.signal }))
    expect(error.name).toBe('AbortError')
    expect(ms).toBeLessThan(400)
  })
})
