/** Gives back a held slot; calling it again does nothing. */
export type Release = () => void

/**
 * How many of something long-lived (TCP connections, Socket.IO connections, SSE streams) each key
 * (a client address, a user) holds at once, refusing past `limit`. Counts live only as long as
 * something is held, so memory follows what is open, never how many keys were ever seen. A
 * `limit` of 0 means no cap. Per process: each API instance caps what it serves itself.
 */
export class ConcurrencyCap {
  private readonly held = new Map<string, number>()

  constructor(readonly limit: number) {}

  /** A slot for `key`, or `undefined` when `key` already holds `limit` of them. */
  acquire(key: string): Release | undefined {
    const count = this.held.get(key) ?? 0
    if (this.limit > 0 && count >= this.limit) return undefined
    this.held.set(key, count + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.held.get(key) ?? 1) - 1
      if (left > 0) this.held.set(key, left)
      else this.held.delete(key)
    }
  }

  /** What `key` holds now. */
  count(key: string): number {
    return this.held.get(key) ?? 0
  }

  /** How many keys hold at least one slot. */
  get keys(): number {
    return this.held.size
  }
}
