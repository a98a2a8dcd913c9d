import { RateLimiterMemory } from 'rate-limiter-flexible'
import { FairSlots, SlotQueueFullError, type ReleaseSlot } from '@troupe/sdk/plugin'
import type { LogicAnswer, LogicRequest } from '@troupe/sdk/logic'
import { logicWorkerBundle } from './logic-worker-bundle.js'
import { LogicWorkerHandle, WorkerLostError } from './logic-worker-handle.js'

export interface LogicPoolOptions {
  /** Worker processes; each answers one request at a time, and a tenant holds at most half of them. */
  workers: number
  /** Heap of each worker, in MB: a request that needs more fails, and only it. */
  memoryMb: number
  /**
   * CPU time one request may use, in milliseconds; where CPU time cannot be read (not Linux),
   * elapsed time. A request waits at most ten times as long for a machine busy with other work.
   */
  timeoutMs: number
  /** Largest expression result, as JSON, in bytes. */
  maxResultBytes: number
  /** Requests one tenant may have waiting; beyond it they fail at once. */
  maxQueuedPerTenant?: number
  /**
   * Requests of one tenant that may run out of time or memory per minute; past it the tenant's
   * requests are refused for the rest of the minute, so that no tenant keeps the workers busy
   * dying and restarting.
   */
  maxExhaustedPerMinute?: number
  /**
   * CPU time of the workers one tenant may use per second, averaged over ten seconds (at least one
   * request's budget); past it the tenant's requests are refused until the window ends, so that no
   * tenant takes much more than that share of the machine however many requests it sends (a
   * worker killed by a request, and its restart, are charged to the request's tenant).
   */
  cpuMsPerSecond?: number
  /** Scheduling priority of the workers (nice, 0 to 19). */
  niceness?: number
  /** How long past `timeoutMs` the pool waits for the worker's own stop before it kills it. */
  killGraceMs?: number
  /** Called once per request with its outcome (metrics). */
  observe?: (op: LogicRequest['op'], outcome: LogicOutcome) => void
}

export type LogicOutcome = 'ok' | 'error' | 'timeout' | 'memory' | 'refused' | 'aborted'

/** Which budget a request ran out of. */
export class LogicBudgetError extends Error {
  constructor(
    readonly budget: 'time' | 'memory' | 'queue' | 'penalty',
    message: string,
    /** When the tenant may try again, for a refused request. */
    readonly retryAfterSeconds?: number
  ) {
    super(message)
    this.name = 'LogicBudgetError'
  }
}

/** The window over which a tenant's CPU time is averaged. */
export const cpuWindowSeconds = 10
const defaultCpuMsPerSecond = 200

const subjects: Record<LogicRequest['op'], string> = {
  evaluate: 'Expression',
  'schema-problems': 'Compiling the JSON Schema',
  validate: 'Validating against the JSON Schema',
  'first-match': 'Matching the regular expressions'
}

function abortError(): Error {
  const error = new Error('The evaluation was aborted')
  error.name = 'AbortError'
  return error
}

/**
 * Worker processes that evaluate tenants' logic (`TenantLogic`), shared fairly: a tenant holds at
 * most half the workers, waiting tenants are served in turn, and each request runs alone in a
 * worker with a capped heap and a deadline. A request that exhausts either loses its worker, not
 * the server, and a replacement starts at once; a tenant that keeps exhausting them is refused
 * for a while. Workers start with the server (`warmUp`) and run at a lower priority than it.
 */
export class LogicPool {
  private readonly slots: FairSlots
  /** Alive workers not answering a request (some may still be starting). */
  private readonly idle: LogicWorkerHandle[] = []
  private readonly running = new Set<LogicWorkerHandle>()
  private readonly exhausted: RateLimiterMemory
  private readonly cpuSpent: RateLimiterMemory
  private closed = false

  constructor(private readonly options: LogicPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error(`The logic pool needs at least one worker, not ${options.workers}`)
    this.slots = new FairSlots({
      limit: options.workers,
      perKey: Math.max(1, Math.floor(options.workers / 2)),
      maxQueuedPerKey: options.maxQueuedPerTenant ?? 1000
    })
    this.exhausted = new RateLimiterMemory({ keyPrefix: 'logic-exhausted', points: options.maxExhaustedPerMinute ?? 20, duration: 60 })
    const cpuPerWindow = (options.cpuMsPerSecond ?? defaultCpuMsPerSecond) * cpuWindowSeconds
    if (cpuPerWindow < options.timeoutMs) throw new Error(`A tenant's CPU share over ${cpuWindowSeconds} s (${cpuPerWindow} ms) must hold at least one request's budget (${options.timeoutMs} ms)`)
    this.cpuSpent = new RateLimiterMemory({ keyPrefix: 'logic-cpu', points: cpuPerWindow, duration: cpuWindowSeconds })
  }

  /** Answers `request` for `tenantId`, or rejects with the request's own error, a `LogicBudgetError` or an `AbortError`. */
  async run(tenantId: string, request: LogicRequest, signal?: AbortSignal): Promise<LogicAnswer> {
    if (this.closed) throw new Error('The logic pool is shut down')
    await this.refuseIfExhausted(tenantId, request)
    let used = 0
    let release: ReleaseSlot | undefined
    try {
      release = await this.slots.acquire(tenantId, signal).catch((error: Error) => {
        if (!(error instanceof SlotQueueFullError)) throw error
        this.options.observe?.(request.op, 'refused')
        throw new LogicBudgetError('queue', `Too many evaluations of this tenant are waiting (${error.queued}); try again later`)
      })
      // Checked once the slot is held: a tenant can overdraw its share by at most what its
      // running requests spend, which the slots bound.
      await this.refuseIfOverCpuShare(tenantId, request)
      return await this.runInWorker(request, signal, (cpuMs) => (used = cpuMs))
    } catch (error) {
      if (error instanceof LogicBudgetError && (error.budget === 'time' || error.budget === 'memory')) await this.exhausted.penalty(tenantId, 1)
      throw error
    } finally {
      release?.()
      if (used > 0) await this.charge(tenantId, used)
    }
  }

  /**
   * Starts the workers ahead of the first request, in the background (a burst of executions at
   * start should not wait for them). A failure here is left for the first request to meet.
   */
  warmUp(): void {
    logicWorkerBundle().then(
      (entry) => this.warm(entry),
      () => undefined
    )
  }

  /** Workers started and alive (monitoring, tests). */
  get workerCount(): number {
    return this.idle.length + this.running.size
  }

  /** Kills every worker; requests still running fail. */
  close(): void {
    this.closed = true
    for (const worker of [...this.idle.splice(0), ...this.running]) worker.terminate()
  }

  private refuse(request: LogicRequest, why: string, msBeforeNext: number): never {
    this.options.observe?.(request.op, 'refused')
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000))
    throw new LogicBudgetError('penalty', `This tenant's expressions, schemas or patterns ${why}; they are refused for ${seconds} s`, seconds)
  }

  private async refuseIfExhausted(tenantId: string, request: LogicRequest): Promise<void> {
    const exhausted = await this.exhausted.get(tenantId)
    if (exhausted && exhausted.remainingPoints <= 0) this.refuse(request, 'ran out of time or memory too often in the last minute', exhausted.msBeforeNext)
  }

  /**
   * Charges CPU time to the tenant's share. A tenant that overdrew it (a request that killed its
   * worker costs far more than its budget) stays refused until its average over the whole time is
   * back to its share, instead of starting the next window afresh.
   */
  private async charge(tenantId: string, cpuMs: number): Promise<void> {
    const share = this.options.cpuMsPerSecond ?? defaultCpuMsPerSecond
    const state = await this.cpuSpent.penalty(tenantId, Math.ceil(cpuMs))
    if (state.consumedPoints > share * cpuWindowSeconds) await this.cpuSpent.block(tenantId, Math.ceil(state.consumedPoints / share))
  }

  private async refuseIfOverCpuShare(tenantId: string, request: LogicRequest): Promise<void> {
    const spent = await this.cpuSpent.get(tenantId)
    if (spent && spent.remainingPoints <= 0) this.refuse(request, `used their share of CPU time (${this.options.cpuMsPerSecond ?? defaultCpuMsPerSecond} ms a second)`, spent.msBeforeNext)
  }

  /** Starts workers until there are `workers` of them; a worker that dies is replaced at once, unless it never started. */
  private warm(entry: string): void {
    while (!this.closed && this.idle.length + this.running.size < this.options.workers) {
      const worker = new LogicWorkerHandle({
        entry,
        memoryMb: this.options.memoryMb,
        niceness: this.options.niceness ?? 10,
        onExit: (gone, wasReady) => {
          this.running.delete(gone)
          const index = this.idle.indexOf(gone)
          if (index >= 0) this.idle.splice(index, 1)
          if (wasReady) this.warm(entry)
        }
      })
      this.idle.push(worker)
    }
  }

  private async runInWorker(request: LogicRequest, signal: AbortSignal | undefined, used: (cpuMs: number) => void): Promise<LogicAnswer> {
    const { timeoutMs, maxResultBytes, killGraceMs = 250 } = this.options
    this.warm(await logicWorkerBundle())
    // A slot holder always finds a worker: there are as many workers as slots.
    const worker = this.idle.shift()!
    this.running.add(worker)
    try {
      await worker.ready
      const answer = await worker.run({ request, timeoutMs, maxResultBytes }, { budgetMs: timeoutMs, graceMs: killGraceMs, maxWaitMs: 10 * timeoutMs }, signal)
      this.options.observe?.(request.op, 'ok')
      return answer
    } catch (error) {
      throw this.explain(request, error)
    } finally {
      // A worker lost to the request is replaced, at the cost of a start: the tenant pays that too.
      used(worker.lastJobCpuMs + (worker.alive ? 0 : worker.startupCpuMs))
      this.running.delete(worker)
      if (worker.alive && !this.closed) {
        worker.idle()
        this.idle.push(worker)
      }
    }
  }

  /** A lost worker becomes the budget the request ran out of, in words a tenant understands. */
  private explain(request: LogicRequest, error: unknown): Error {
    const subject = subjects[request.op]
    const outcome = (value: LogicOutcome) => this.options.observe?.(request.op, value)
    if (!(error instanceof WorkerLostError)) {
      const message = (error as Error).message
      // The worker's own, cooperative stop: the same budget as a kill at the deadline.
      if (/^Expression took longer than \d+ ms$/.test(message)) {
        outcome('timeout')
        return new LogicBudgetError('time', message)
      }
      outcome('error')
      return error as Error
    }
    switch (error.loss) {
      case 'deadline':
        outcome('timeout')
        return new LogicBudgetError('time', `${subject} took longer than ${this.options.timeoutMs} ms`)
      case 'memory':
        outcome('memory')
        return new LogicBudgetError('memory', `${subject} needed more than ${this.options.memoryMb} MB of memory`)
      case 'aborted':
        outcome('aborted')
        return abortError()
      case 'crashed':
        outcome('error')
        return new Error(`${subject} stopped its worker: ${error.message}`)
    }
  }
}
