import os from 'node:os'
import { FairSlots } from '@troupe/sdk/plugin'
import { defaultLimits } from './limits.js'
import { SandboxWorker } from './sandbox-worker.js'
import { abortError } from './tool-errors.js'
import type { WorkerDone, WorkerJob } from './worker-protocol.js'

export interface WorkerPoolOptions {
  /** The most worker threads at once; further calls wait for one. Default: one less than the CPUs, from 2 to 4. */
  size?: number
  /** The most workers one tenant's calls hold at once. Default: half the pool (at least one). */
  perTenant?: number
  /** How long a worker may idle before it is stopped. Default 30 s. */
  idleTimeoutMs?: number
  /** How long past a tool's `timeoutMs` the pool waits before it terminates the worker. Default 250 ms. */
  killGraceMs?: number
  /** The script workers start from (tests swap it). */
  entry?: URL
}

/**
 * One worker per CPU but one, left for the server itself, from 2 to 4: never fewer than two, so
 * that one tenant's long run (a tenant holds at most half the pool) cannot make another's wait.
 */
export function defaultPoolSize(): number {
  return Math.min(4, Math.max(2, os.availableParallelism() - 1))
}

/**
 * The JavaScript heap a worker needs next to an engine of `memoryMb`: strings the engine hands out
 * (the result's JSON, each log line) are copied onto it before their size is checked, at up to two
 * bytes a character, and the engine can hold `memoryMb` plus its own 16 MB. Never less than the
 * default engine needs, so that calls with smaller limits share workers with the rest.
 */
export function workerHeapMb(memoryMb: number): number {
  return 64 + 2 * (Math.max(memoryMb, defaultLimits.memoryMb) + 16)
}

/** A call waiting for a worker with at least `heapMb`. */
interface Waiter {
  heapMb: number
  accept(worker: SandboxWorker): void
  fail(error: Error): void
}

/**
 * Worker threads for sandbox runs, started on demand up to `size`, one job each at a time, shared
 * fairly between tenants: a tenant holds at most `perTenant` workers and waiting tenants are served
 * in turn (`FairSlots`), so one tenant's long or many runs never hold up another's. Idle workers
 * let the process exit and are stopped after `idleTimeoutMs`; a worker that dies or is terminated
 * is replaced by the next call that needs one.
 */
export class WorkerPool {
  private readonly size: number
  private readonly slots: FairSlots
  private readonly idleTimeoutMs: number
  private readonly killGraceMs: number
  private readonly entry: URL | undefined
  /** Every worker starting, running or idle. */
  private readonly workers = new Set<SandboxWorker>()
  /** Idle workers, with the timer that stops each. */
  private readonly idle = new Map<SandboxWorker, NodeJS.Timeout>()
  private readonly waiting: Waiter[] = []
  /** Counts `close` calls: a call that was waiting for its turn when the pool closed fails. */
  private generation = 0

  constructor({ size = defaultPoolSize(), perTenant, idleTimeoutMs = 30_000, killGraceMs = 250, entry }: WorkerPoolOptions = {}) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`The worker pool size must be a positive integer, not ${size}`)
    this.size = size
    this.slots = new FairSlots({ limit: size, perKey: perTenant ?? Math.max(1, Math.floor(size / 2)), maxQueuedPerKey: 1000 })
    this.idleTimeoutMs = idleTimeoutMs
    this.killGraceMs = killGraceMs
    this.entry = entry
  }

  /** Workers starting, running or idle (for monitoring and tests). */
  get workerCount(): number {
    return this.workers.size
  }

  /** Runs a job for `tenant` in the first worker free, once the tenant's turn has come. */
  async run(job: WorkerJob, signal?: AbortSignal, tenant = 'unknown'): Promise<WorkerDone> {
    const generation = this.generation
    const releaseSlot = await this.slots.acquire(tenant, signal).catch((error: Error) => {
      if (error.name === 'AbortError') throw abortError(signal as AbortSignal)
      throw error
    })
    try {
      if (generation !== this.generation) throw new Error('The sandbox is shutting down')
      // Slot holders are at most `size`, so a worker is always free or can be started for them.
      const worker = await this.acquire(workerHeapMb(job.limits.memoryMb), signal)
      try {
        return await worker.run(job, this.killGraceMs, signal)
      } finally {
        this.release(worker)
      }
    } finally {
      releaseSlot()
    }
  }

  /** Stops every worker: waiting calls fail, running ones fail as their worker stops. The pool stays usable. */
  async close(): Promise<void> {
    this.generation++
    for (const waiter of this.waiting.splice(0)) waiter.fail(new Error('The sandbox is shutting down'))
    await Promise.all([...this.workers].map((worker) => worker.terminate()))
  }

  private acquire(heapMb: number, signal: AbortSignal | undefined): Promise<SandboxWorker> {
    if (signal?.aborted) return Promise.reject(abortError(signal))
    return new Promise((resolve, reject) => {
      let settled = false
      const settle = () => {
        settled = true
        signal?.removeEventListener('abort', onAbort)
      }
      const waiter: Waiter = {
        heapMb,
        accept: (worker) => {
          // A call aborted while its worker was starting leaves the worker to the next one.
          if (settled) return this.release(worker)
          settle()
          worker.hold(true)
          resolve(worker)
        },
        fail: (error) => {
          if (settled) return
          settle()
          reject(error)
        }
      }
      const onAbort = () => {
        const queued = this.waiting.indexOf(waiter)
        if (queued >= 0) this.waiting.splice(queued, 1)
        waiter.fail(abortError(signal as AbortSignal))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(waiter)
      this.dispatch()
    })
  }

  /** Hands idle or new workers to the waiting calls, first come first served. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const waiter = this.waiting[0]
      const fit = [...this.idle.keys()].find((worker) => worker.heapMb >= waiter.heapMb)
      if (fit) {
        this.waiting.shift()
        this.takeIdle(fit)
        waiter.accept(fit)
      } else if (this.workers.size < this.size) {
        this.waiting.shift()
        this.start(waiter)
      } else {
        // Every slot is taken: an idle worker too small for this call makes room (its exit dispatches again).
        const [tooSmall] = this.idle.keys()
        if (tooSmall) this.stop(tooSmall)
        return
      }
    }
  }

  private start(waiter: Waiter): void {
    const worker = new SandboxWorker({ heapMb: waiter.heapMb, entry: this.entry, onExit: (gone) => this.forget(gone) })
    this.workers.add(worker)
    worker.ready.then(
      () => waiter.accept(worker),
      (error: Error) => {
        waiter.fail(error)
        void worker.terminate()
      }
    )
  }

  private release(worker: SandboxWorker): void {
    if (!worker.alive) return
    worker.hold(false)
    this.idle.set(worker, setTimeout(() => this.stop(worker), this.idleTimeoutMs).unref())
    this.dispatch()
  }

  private stop(worker: SandboxWorker): void {
    this.takeIdle(worker)
    void worker.terminate()
  }

  private takeIdle(worker: SandboxWorker): void {
    clearTimeout(this.idle.get(worker))
    this.idle.delete(worker)
  }

  private forget(worker: SandboxWorker): void {
    this.workers.delete(worker)
    this.takeIdle(worker)
    this.dispatch()
  }
}
