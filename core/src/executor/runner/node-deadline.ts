import { NodeTimeoutError } from './node-timeout-error.js'

/**
 * The signal of a node with a timeout: aborted when the timeout passes (`NodeTimeoutError`) or
 * when the run stops. `clear` once the attempt is over.
 */
export class NodeDeadline {
  private readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout
  private readonly onStop: () => void

  constructor(
    timeoutMs: number,
    private readonly stop: AbortSignal
  ) {
    this.timer = setTimeout(() => this.controller.abort(new NodeTimeoutError(timeoutMs)), timeoutMs)
    this.onStop = () => this.controller.abort(stop.reason)
    if (stop.aborted) this.onStop()
    else stop.addEventListener('abort', this.onStop, { once: true })
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  clear(): void {
    clearTimeout(this.timer)
    this.stop.removeEventListener('abort', this.onStop)
  }
}

/** Settles with `work`, or rejects as soon as `signal` aborts; leaves no listener behind. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    Promise.resolve(work)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort))
  })
}
