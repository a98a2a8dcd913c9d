import { describe, expect, it } from 'vitest'
import { CompiledFlowCache } from './compiled-flow-cache.js'
import type { CompiledFlow } from './graph/compile-flow.js'

const compiled = (name: string) => ({ nodes: new Map(), order: [name] }) as unknown as CompiledFlow

describe('CompiledFlowCache', () => {
  it('loads a version once, also for concurrent first runs', async () => {
    const cache = new CompiledFlowCache()
    let loads = 0
    const load = async () => {
      loads++
      return compiled('v1')
    }
    const [a, b] = await Promise.all([cache.get('s', 'f', 1, load), cache.get('s', 'f', 1, load)])
    expect(a).toBe(b)
    expect(await cache.get('s', 'f', 1, load)).toBe(a)
    expect(loads).toBe(1)
  })

  it('keeps versions, flows and schemas apart', async () => {
    const cache = new CompiledFlowCache()
    const v1 = await cache.get('s', 'f', 1, async () => compiled('v1'))
    expect(await cache.get('s', 'f', 2, async () => compiled('v2'))).not.toBe(v1)
    expect(await cache.get('t', 'f', 1, async () => compiled('other tenant'))).not.toBe(v1)
  })

  it('keeps neither failed nor empty loads', async () => {
    const cache = new CompiledFlowCache()
    await expect(cache.get('s', 'f', 1, async () => Promise.reject(new Error('invalid')))).rejects.toThrow('invalid')
    expect(await cache.get('s', 'f', 1, async () => undefined)).toBeUndefined()
    const found = compiled('v1')
    expect(await cache.get('s', 'f', 1, async () => found)).toBe(found)
  })

  it('forgets every version of a removed flow', async () => {
    const cache = new CompiledFlowCache()
    await cache.get('s', 'f', 1, async () => compiled('v1'))
    cache.forgetFlow('f')
    const reloaded = compiled('again')
    expect(await cache.get('s', 'f', 1, async () => reloaded)).toBe(reloaded)
  })

  it('drops the least recently used version beyond its size', async () => {
    const cache = new CompiledFlowCache(2)
    const one = await cache.get('s', 'f', 1, async () => compiled('1'))
    await cache.get('s', 'f', 2, async () => compiled('2'))
    await cache.get('s', 'f', 1, async () => compiled('1 again'))
    await cache.get('s', 'f', 3, async () => compiled('3'))
    expect(await cache.get('s', 'f', 1, async () => compiled('1 reloaded'))).toBe(one)
    const two = compiled('2 reloaded')
    expect(await cache.get('s', 'f', 2, async () => two)).toBe(two)
  })
})
