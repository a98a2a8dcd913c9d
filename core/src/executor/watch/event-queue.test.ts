import { describe, expect, it } from 'vitest'
import { EventQueue } from './event-queue.js'

const event = (seq: number) => ({ seq })

async function drain(queue: EventQueue<{ seq: number }>) {
  const seen: number[] = []
  for await (const item of queue) seen.push(item.seq)
  return seen
}

describe('EventQueue', () => {
  it('hands events over in order, each seq once, dropping those at or below the last one', async () => {
    const queue = new EventQueue(1)
    const drained = drain(queue)
    for (const seq of [1, 2, 3, 2, 3, 5, 4]) queue.push(event(seq))
    queue.end()
    expect(await drained).toEqual([2, 3, 5])
  })

  it('waits for events pushed later, and ends when told', async () => {
    const queue = new EventQueue()
    const drained = drain(queue)
    await new Promise((resolve) => setTimeout(resolve, 5))
    queue.push(event(1))
    await new Promise((resolve) => setTimeout(resolve, 5))
    queue.push(event(2))
    queue.end()
    queue.push(event(3))
    expect(await drained).toEqual([1, 2])
    expect(queue.done).toBe(true)
  })
})
