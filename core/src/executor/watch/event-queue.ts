/**
 * Events handed to one consumer as an async iterable, each `seq` once and in increasing order:
 * an event at or below the last one delivered (a live copy of a stored event) is dropped. No
 * library offers this ordering on top of an iterator; it is a few lines.
 */
export class EventQueue<T extends { seq: number }> implements AsyncIterable<T> {
  private readonly pending: T[] = []
  private wake: (() => void) | undefined
  private ended = false
  private last: number

  constructor(afterSeq = 0) {
    this.last = afterSeq
  }

  /** Whether the consumer has had everything it will get. */
  get done(): boolean {
    return this.ended
  }

  push(event: T): void {
    if (this.ended || event.seq <= this.last) return
    this.last = event.seq
    this.pending.push(event)
    this.notify()
  }

  end(): void {
    this.ended = true
    this.notify()
  }

  private notify() {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      const next = this.pending.shift()
      if (next) {
        yield next
        continue
      }
      if (this.ended) return
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }
}
