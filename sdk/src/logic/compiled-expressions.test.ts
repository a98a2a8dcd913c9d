import { describe, expect, it } from 'vitest'
import { CompiledExpressions } from './compiled-expressions.js'

describe('CompiledExpressions', () => {
  it('lends the same compiled instance again once it is given back', async () => {
    const pool = new CompiledExpressions()
    const first = pool.lend('a + 1')
    expect(await first.evaluate({ a: 1 })).toBe(2)
    pool.giveBack('a + 1', first)
    expect(pool.lend('a + 1')).toBe(first)
  })

  it('lends concurrent evaluations of one text instances of their own', () => {
    const pool = new CompiledExpressions()
    const [one, two] = [pool.lend('a'), pool.lend('a')]
    expect(one).not.toBe(two)
    pool.giveBack('a', one)
    pool.giveBack('a', two)
    expect(new Set([pool.lend('a'), pool.lend('a')])).toEqual(new Set([one, two]))
  })

  it('compiles anew when an instance was not given back (its evaluation failed)', () => {
    const pool = new CompiledExpressions()
    const failed = pool.lend('a')
    expect(pool.lend('a')).not.toBe(failed)
  })

  it('throws JSONata’s error for a text that does not compile, and keeps nothing for it', () => {
    const pool = new CompiledExpressions()
    expect(() => pool.lend('a +')).toThrow()
    expect(() => pool.lend('a +')).toThrow()
  })

  it('forgets the least recently used texts beyond its size', () => {
    const pool = new CompiledExpressions(2)
    const [a, b] = [pool.lend('a'), pool.lend('b')]
    pool.giveBack('a', a)
    pool.giveBack('b', b)
    pool.giveBack('a', pool.lend('a')) // `a` is now the most recently used
    pool.giveBack('c', pool.lend('c')) // evicts `b`
    expect(pool.lend('a')).toBe(a)
    expect(pool.lend('b')).not.toBe(b)
  })

  it('keeps at most its idle limit of instances per text', () => {
    const pool = new CompiledExpressions(10, 1)
    const [one, two] = [pool.lend('a'), pool.lend('a')]
    pool.giveBack('a', one)
    pool.giveBack('a', two)
    expect(pool.lend('a')).toBe(one)
    expect(pool.lend('a')).not.toBe(two)
  })
})
