import { describe, expect, it } from 'vitest'
import { FairSlots, SlotQueueFullError } from './fair-slots.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('FairSlots', () => {
  it('grants up to the limit at once, then makes callers wait for a release', async () => {
    const slots = new FairSlots({ limit: 2, perKey: 2 })
    const first = await slots.acquire('a')
    await slots.acquire('b')
    let third = false
    const waiting = slots.acquire('c').then((release) => ((third = true), release))
    await tick()
    expect(third).toBe(false)
    expect(slots.waiting()).toBe(1)
    first()
    await waiting
    expect(third).toBe(true)
    expect(slots.busy()).toBe(2)
  })

  it('never lets one key hold more than its cap, even with slots free', async () => {
    const slots = new FairSlots({ limit: 4, perKey: 2 })
    await slots.acquire('a')
    await slots.acquire('a')
    let granted = false
    void slots.acquire('a').then(() => (granted = true))
    await tick()
    expect(granted).toBe(false)
    expect(await Promise.race([slots.acquire('b').then(() => 'b'), tick().then(() => 'late')])).toBe('b')
    expect(slots.busy('a')).toBe(2)
  })

  it('serves waiting keys in turn, not in the order a flooding key queued', async () => {
    const slots = new FairSlots({ limit: 1, perKey: 1 })
    const release = await slots.acquire('a')
    const order: string[] = []
    const calls = [...Array.from({ length: 5 }, () => 'a'), 'b', 'c'].map((key) =>
      slots.acquire(key).then((done) => {
        order.push(key)
        done()
      })
    )
    release()
    await Promise.all(calls)
    expect(order.slice(0, 3)).toEqual(['a', 'b', 'c'])
    expect(order).toHaveLength(7)
  })

  it('refuses a key whose queue is full, without touching the others', async () => {
    const slots = new FairSlots({ limit: 1, perKey: 1, maxQueuedPerKey: 2 })
    await slots.acquire('a')
    void slots.acquire('a')
    void slots.acquire('a')
    await expect(slots.acquire('a')).rejects.toBeInstanceOf(SlotQueueFullError)
    const other = slots.acquire('b')
    expect(slots.waiting('b')).toBe(1)
    void other
  })

  it('forgets a waiter whose signal aborts, and a release twice counts once', async () => {
    const slots = new FairSlots({ limit: 1, perKey: 1 })
    const release = await slots.acquire('a')
    const controller = new AbortController()
    const aborted = slots.acquire('b', controller.signal)
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    expect(slots.waiting()).toBe(0)
    release()
    release()
    expect(slots.busy()).toBe(0)
    await expect(slots.acquire('c', AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('with an infinite limit, only caps each key', async () => {
    const slots = new FairSlots({ limit: Infinity, perKey: 3 })
    await Promise.all(Array.from({ length: 3 }, () => slots.acquire('a')))
    await Promise.all(Array.from({ length: 50 }, (_, i) => slots.acquire(`k${i}`)))
    expect(slots.busy()).toBe(53)
    expect(slots.waiting()).toBe(0)
  })
})
