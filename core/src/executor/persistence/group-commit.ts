interface Waiting<Item, Result> {
  item: Item
  resolve(result: Result): void
  reject(error: Error): void
}

interface KeyQueue<Item, Result> {
  waiting: Array<Waiting<Item, Result>>
}

/** How much one write may carry: items are taken in order while they weigh at most `maxWeight` together. */
export interface GroupCommitLimit<Item> {
  weight(item: Item): number
  maxWeight: number
}

/**
 * Group commit: items handed in for the same key (a tenant schema) while a write of that key is
 * under way all go into the next write, one statement for all of them. An idle key writes at
 * once, so a lone item waits for no timer; the busier the database, the bigger the batches. One
 * write at a time per key keeps the items of one caller in the order it handed them in. (Letting
 * two writes of a key run at once measured no faster: the batches only got smaller.) With a
 * `limit`, a write takes the items that fit it (always at least one) and leaves the rest to the
 * next, so heavy items of several callers never add up to a statement too large to build.
 *
 * `writeBatch` answers each item with its result or an error of its own (e.g. `LeaseLostError`);
 * when it throws, each item is written again on its own, so one item's bad data fails only it.
 */
export class GroupCommit<Item, Result> {
  private readonly queues = new Map<string, KeyQueue<Item, Result>>()

  constructor(
    private readonly writeBatch: (key: string, items: Item[]) => Promise<Array<Result | Error>>,
    private readonly limit?: GroupCommitLimit<Item>
  ) {}

  submit(key: string, item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key)
      if (queue) {
        queue.waiting.push({ item, resolve, reject })
        return
      }
      const started: KeyQueue<Item, Result> = { waiting: [{ item, resolve, reject }] }
      this.queues.set(key, started)
      // After this turn of the event loop, so items handed in at the same time share the write.
      setImmediate(() => void this.drain(key, started))
    })
  }

  private async drain(key: string, queue: KeyQueue<Item, Result>) {
    while (queue.waiting.length) await this.write(key, this.nextBatch(queue))
    this.queues.delete(key)
  }

  private nextBatch(queue: KeyQueue<Item, Result>): Array<Waiting<Item, Result>> {
    const { limit } = this
    if (!limit) {
      const batch = queue.waiting
      queue.waiting = []
      return batch
    }
    let weight = 0
    let count = 0
    for (const waiting of queue.waiting) {
      weight += limit.weight(waiting.item)
      if (count && weight > limit.maxWeight) break
      count++
    }
    return queue.waiting.splice(0, count)
  }

  private async write(key: string, batch: Array<Waiting<Item, Result>>): Promise<void> {
    let results: Array<Result | Error>
    try {
      results = await this.writeBatch(
        key,
        batch.map((waiting) => waiting.item)
      )
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error as Error)
      else for (const waiting of batch) await this.write(key, [waiting])
      return
    }
    batch.forEach((waiting, index) => {
      const result = results[index]
      if (result instanceof Error) waiting.reject(result)
      else waiting.resolve(result)
    })
  }
}
