export interface FairSlotsOptions {
  /** Slots in all (workers, runs at once). `Infinity` makes only the per-key cap count. */
  limit: number
  /** Most slots one key (tenant) holds at once, so the others always find some free. */
  perKey: number
  /** Most calls one key may have waiting; beyond it `acquire` rejects with `SlotQueueFullError`. */
  maxQueuedPerKey?: number
}

/** Hands the slot back; calling it again does nothing. */
export type ReleaseSlot = () => void

export class SlotQueueFullError extends Error {
  constructor(
    readonly key: string,
    readonly queued: number
  ) {
    super(`Too many calls waiting (${queued}); try again later`)
    this.name = 'SlotQueueFullError'
  }
}

interface Waiter {
  grant(release: ReleaseSlot): void
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('Aborted while waiting for a slot', { cause: signal.reason })
  error.name = 'AbortError'
  return error
}

/**
 * A fair share of limited slots between keys (tenants): at most `limit` slots in use, at most
 * `perKey` held by one key, and waiting keys served in turn (round robin), each key's own calls
 * first come first served. A tenant that floods the queue waits behind itself, never in front of
 * the others.
 */
export class FairSlots {
  private readonly limit: number
  private readonly perKey: number
  private readonly maxQueuedPerKey: number
  private inUse = 0
  private readonly held = new Map<string, number>()
  /** Keys with waiters, in the order they are served: a key served goes to the back. */
  private readonly queues = new Map<string, Waiter[]>()

  constructor({ limit, perKey, maxQueuedPerKey = Infinity }: FairSlotsOptions) {
    if (!(limit >= 1) || !(perKey >= 1)) throw new Error(`FairSlots needs a limit and a per-key cap of at least 1, not ${limit} and ${perKey}`)
    this.limit = limit
    this.perKey = Math.min(perKey, limit)
    this.maxQueuedPerKey = maxQueuedPerKey
  }

  /** Slots in use now, in all or by one key. */
  busy(key?: string): number {
    return key === undefined ? this.inUse : (this.held.get(key) ?? 0)
  }

  /** Calls waiting, in all or for one key. */
  waiting(key?: string): number {
    if (key !== undefined) return this.queues.get(key)?.length ?? 0
    let count = 0
    for (const queue of this.queues.values()) count += queue.length
    return count
  }

  /** Waits for a slot for `key`; resolves with the function that hands it back. */
  acquire(key: string, signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(abortError(signal))
    if (this.queues.size === 0 && this.canHold(key)) return Promise.resolve(this.take(key))
    const queue = this.queues.get(key) ?? []
    if (queue.length >= this.maxQueuedPerKey) return Promise.reject(new SlotQueueFullError(key, queue.length))
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = queue.indexOf(waiter)
        if (index < 0) return
        queue.splice(index, 1)
        if (queue.length === 0 && this.queues.get(key) === queue) this.queues.delete(key)
        reject(abortError(signal as AbortSignal))
      }
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(release)
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      queue.push(waiter)
      this.queues.set(key, queue)
      this.dispatch()
    })
  }

  private canHold(key: string): boolean {
    return this.inUse < this.limit && (this.held.get(key) ?? 0) < this.perKey
  }

  private take(key: string): ReleaseSlot {
    this.inUse++
    this.held.set(key, (this.held.get(key) ?? 0) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      this.inUse--
      const left = (this.held.get(key) ?? 1) - 1
      if (left === 0) this.held.delete(key)
      else this.held.set(key, left)
      this.dispatch()
    }
  }

  /** Grants free slots to waiting keys in turn; a key at its cap is passed over until it releases one. */
  private dispatch(): void {
    while (this.inUse < this.limit) {
      let served = false
      for (const [key, queue] of this.queues) {
        if (!this.canHold(key)) continue
        const waiter = queue.shift()!
        this.queues.delete(key)
        if (queue.length > 0) this.queues.set(key, queue)
        waiter.grant(this.take(key))
        served = true
        break
      }
      if (!served) return
    }
  }
}
