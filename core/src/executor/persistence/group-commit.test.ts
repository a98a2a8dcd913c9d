import { describe, expect, it } from 'vitest'
import { GroupCommit } from './group-commit.js'

describe('GroupCommit', () => {
  it('writes items handed in while a write is under way together, one write per key at a time', async () => {
    const writes: Array<{ key: string; items: number[] }> = []
    let running = 0
    let overlap = false
    const commit = new GroupCommit<number, number>(async (key, items) => {
      overlap ||= running > 0
      running++
      writes.push({ key, items })
      await new Promise((resolve) => setTimeout(resolve, 10))
      running--
      return items.map((item) => item * 10)
    })
    const first = commit.submit('a', 1)
    await new Promise((resolve) => setImmediate(resolve))
    const later = [2, 3, 4].map((item) => commit.submit('a', item))
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40])
    expect(writes).toEqual([
      { key: 'a', items: [1] },
      { key: 'a', items: [2, 3, 4] }
    ])
    expect(overlap).toBe(false)
  })

  it('shares a write among items handed in during the same turn of the event loop', async () => {
    const writes: number[][] = []
    const commit = new GroupCommit<number, number>(async (_key, items) => {
      writes.push(items)
      return items
    })
    await Promise.all([1, 2, 3].map((item) => commit.submit('a', item)))
    expect(writes).toEqual([[1, 2, 3]])
  })

  it('keeps keys apart', async () => {
    const writes: string[] = []
    const commit = new GroupCommit<number, number>(async (key, items) => {
      writes.push(`${key}:${items.join(',')}`)
      return items
    })
    await Promise.all([commit.submit('a', 1), commit.submit('b', 2), commit.submit('a', 3)])
    expect(writes.sort()).toEqual(['a:1,3', 'b:2'])
  })

  it('rejects an item answered with an error, and only that one', async () => {
    const commit = new GroupCommit<number, number>(async (_key, items) => items.map((item) => (item === 2 ? new Error('not yours') : item)))
    const results = await Promise.allSettled([1, 2, 3].map((item) => commit.submit('a', item)))
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })

  it('writes each item alone when a shared write fails, so one bad item fails only itself', async () => {
    const writes: number[][] = []
    const commit = new GroupCommit<number, number>(async (_key, items) => {
      writes.push(items)
      if (items.includes(2)) throw new Error('bad row')
      return items
    })
    const results = await Promise.allSettled([1, 2, 3].map((item) => commit.submit('a', item)))
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('bad row') },
      { status: 'fulfilled', value: 3 }
    ])
    expect(writes).toEqual([[1, 2, 3], [1], [2], [3]])
  })

  it('takes only the items that fit one write, at least one, and leaves the rest to the next', async () => {
    const writes: number[][] = []
    const commit = new GroupCommit<number, number>(
      async (_key, items) => {
        writes.push(items)
        return items
      },
      { weight: (item) => item, maxWeight: 10 }
    )
    await Promise.all([4, 5, 3, 20, 1].map((item) => commit.submit('a', item)))
    expect(writes).toEqual([[4, 5], [3], [20], [1]])
  })
})
