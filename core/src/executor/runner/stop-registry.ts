/**
 * Lets the nodes of a run wait for their work or for the run to stop, whichever comes first, with
 * one abort listener for the whole run instead of one per node: Node's `EventTarget` walks its
 * listener list on every add, so with many nodes running at once each listener costs more.
 */
export class StopRegistry {
  private readonly waiting = new Set<(reason: unknown) => void>()

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener(
      'abort',
      () => {
        for (const reject of this.waiting) reject(signal.reason)
        this.waiting.clear()
      },
      { once: true }
    )
  }

  /** Settles with `work`, or rejects with the stop reason as soon as the run stops. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason)
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject)
      Promise.resolve(work).then(
        (value) => {
          this.waiting.delete(reject)
          resolve(value)
        },
        (error: unknown) => {
          this.waiting.delete(reject)
          reject(error)
        }
      )
    })
  }
}
