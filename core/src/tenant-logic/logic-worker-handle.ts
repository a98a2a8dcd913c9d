import { fork, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import type { LogicAnswer } from '@troupe/sdk/logic'
import type { LogicJob, LogicWorkerMessage } from './logic-protocol.js'
import { endedChildrenCpuMs, processCpuMs } from './process-cpu-time.js'

/** Why a job did not get an answer from its worker: the worker was stopped or died. */
export type WorkerLoss = 'deadline' | 'memory' | 'aborted' | 'crashed'

export class WorkerLostError extends Error {
  constructor(
    readonly loss: WorkerLoss,
    message: string
  ) {
    super(message)
    this.name = 'WorkerLostError'
  }
}

/** A job's own failure, as the worker reported it (the expression's error, a result too large...). */
export class LogicFailure extends Error {
  constructor(name: string, message: string) {
    super(message)
    this.name = name
  }
}

export interface LogicWorkerOptions {
  /** The worker's script: plain JavaScript (see `logicWorkerBundle`). */
  entry: string
  memoryMb: number
  /** Scheduling priority (nice, 0 to 19): tenants' logic yields the CPU to the server's own work. */
  niceness: number
  /** Called once when the process has ended, for whatever reason, with whether it had become ready. */
  onExit?: (worker: LogicWorkerHandle, wasReady: boolean) => void
}

/** What V8 prints when a heap reaches its limit, in its several wordings. */
const outOfMemory = /heap out of memory|heap limit|Ineffective mark-compacts/i
/** How much of the worker's stderr is kept, to tell an out-of-memory death from another. */
const stderrKept = 4096

/** When a job's deadline comes: its CPU budget, how long past it the worker's own stop is awaited, and the last resort. */
export interface JobDeadline {
  /** CPU time the job may use, in milliseconds (elapsed time where CPU time cannot be read). */
  budgetMs: number
  graceMs: number
  /** Elapsed time after which the worker is killed whatever CPU it got: a machine too busy to run it. */
  maxWaitMs: number
}

/**
 * One logic worker, seen from the parent: a child process (not a thread: a worker thread whose
 * heap overflows in one large allocation takes the whole process down with it) that answers one
 * job at a time within a heap of `memoryMb`, and is killed when a job runs past its deadline or
 * its caller aborts. It gets no environment beyond PATH: tenants' logic cannot read the server's
 * secrets even if an evaluator had a way to.
 */
export class LogicWorkerHandle {
  readonly ready: Promise<void>
  private readonly child: ChildProcess
  private gone = false
  private started = false
  private stderr = ''
  /** The worker's CPU time at its last message: the baseline of the next job's budget. */
  private cpuMs: number | undefined
  /**
   * CPU time the last job used, in milliseconds: for a job that killed its worker, everything the
   * worker used from the job's start to its death (a heap's last-resort collections are the
   * costliest part of running out of memory), and what starting its replacement costs.
   */
  lastJobCpuMs = 0
  /** CPU time the worker spent starting, which its replacement will spend again. */
  startupCpuMs = 0

  constructor({ entry, memoryMb, niceness, onExit }: LogicWorkerOptions) {
    this.child = fork(entry, [], {
      // One thread: no parallel collector or background compiler, so a worker never takes more
      // than one core, and its CPU time is its main thread's (what the budget counts).
      execArgv: [`--max-old-space-size=${memoryMb}`, '--single-threaded'],
      env: { PATH: process.env.PATH ?? '' },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    if (niceness > 0 && this.child.pid !== undefined) {
      try {
        os.setPriority(this.child.pid, niceness)
      } catch {
        // Not allowed here (a container without the capability): the worker keeps the default priority.
      }
    }
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-stderrKept)
    })
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: LogicWorkerMessage) => {
        if (message.type !== 'ready') return
        this.child.off('message', onMessage)
        this.started = true
        this.cpuMs = message.cpuMs
        this.startupCpuMs = message.cpuMs
        resolve()
      }
      this.child.on('message', onMessage)
      this.child.once('error', (error) => reject(new Error(`Logic worker failed to start: ${error.message}`)))
      this.child.once('exit', (code, signal) => reject(new Error(`Logic worker failed to start (${signal ?? `exit code ${code}`}): ${this.stderr.slice(-500)}`)))
    })
    // Without a listener, a failure to spawn or to send would be thrown on this process.
    this.child.on('error', () => {})
    this.child.once('exit', () => {
      this.gone = true
      onExit?.(this, this.started)
    })
    // Nobody may be waiting for it yet: a failed start is reported to whoever awaits `ready`.
    this.ready.catch(() => {})
    this.idle()
  }

  get alive(): boolean {
    return !this.gone
  }

  /** An idle worker does not keep the process alive. */
  idle(): void {
    this.child.unref()
    this.child.channel?.unref()
  }

  /**
   * Runs one job. The worker stops a runaway evaluation itself once it has used `budgetMs` of CPU;
   * should it not (a regular expression backtracking inside one call), it is killed once it has
   * used that much and `graceMs` more, or after `maxWaitMs` whatever it used, or on abort, and the
   * job rejects with `WorkerLostError`.
   */
  run(job: LogicJob, { budgetMs, graceMs, maxWaitMs }: JobDeadline, signal?: AbortSignal): Promise<LogicAnswer> {
    const { child } = this
    const startedAt = Date.now()
    const cpuAtStart = this.cpuMs
    const endedChildrenAtStart = endedChildrenCpuMs()
    child.ref()
    child.channel?.ref()
    // What the job used: the worker says so with its answer; a worker killed or gone is read from
    // outside, or charged the time it held.
    const usedCpuMs = (reported?: number) => {
      if (reported !== undefined && cpuAtStart !== undefined) return Math.max(0, reported - cpuAtStart)
      const now = child.pid === undefined ? undefined : processCpuMs(child.pid)
      if (now !== undefined && cpuAtStart !== undefined) return Math.max(0, now - cpuAtStart)
      // Gone: its whole CPU time has joined this process's ended children's (another worker ending
      // meanwhile would be counted too, which errs against the tenant that killed one).
      const ended = endedChildrenCpuMs()
      if (ended !== undefined && endedChildrenAtStart !== undefined && cpuAtStart !== undefined) return Math.max(0, ended - endedChildrenAtStart - cpuAtStart)
      return Date.now() - startedAt
    }
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void, reportedCpuMs?: number) => {
        this.lastJobCpuMs = usedCpuMs(reportedCpuMs)
        clearTimeout(deadline)
        signal?.removeEventListener('abort', onAbort)
        child.off('message', onMessage)
        child.off('exit', onExit)
        settle()
      }
      const kill = (loss: WorkerLoss, message: string) =>
        finish(() => {
          this.terminate()
          reject(new WorkerLostError(loss, message))
        })
      const onMessage = (message: LogicWorkerMessage) =>
        finish(
          () => {
            if (message.type !== 'ready') this.cpuMs = message.cpuMs
            if (message.type === 'answer') resolve(message.answer)
            else if (message.type === 'failed') reject(new LogicFailure(message.name, message.message))
          },
          message.cpuMs
        )
      const onExit = (code: number | null, exitSignal: string | null) =>
        finish(() => {
          const loss = outOfMemory.test(this.stderr) ? 'memory' : 'crashed'
          reject(new WorkerLostError(loss, `Logic worker stopped during the job (${exitSignal ?? `exit code ${code}`})`))
        })
      const onAbort = () => kill('aborted', 'Aborted')
      if (this.gone) return reject(new WorkerLostError('crashed', 'Logic worker stopped before the job'))
      if (signal?.aborted) return reject(new WorkerLostError('aborted', 'Aborted'))
      // The CPU time still unused when the elapsed time says the budget is spent: a starved worker gets it.
      const unusedCpuMs = () => {
        if (child.pid === undefined || cpuAtStart === undefined) return 0
        const now = processCpuMs(child.pid)
        return now === undefined ? 0 : budgetMs - (now - cpuAtStart)
      }
      const checkDeadline = () => {
        const waited = Date.now() - startedAt
        const unused = unusedCpuMs()
        if (unused <= 0 || waited >= maxWaitMs) return kill('deadline', `Past its budget of ${budgetMs} ms of CPU (${waited} ms elapsed)`)
        deadline = setTimeout(checkDeadline, Math.min(unused + graceMs, maxWaitMs - waited))
      }
      let deadline = setTimeout(checkDeadline, Math.min(budgetMs + graceMs, maxWaitMs))
      signal?.addEventListener('abort', onAbort, { once: true })
      child.on('message', onMessage)
      child.on('exit', onExit)
      try {
        child.send(job)
      } catch (error) {
        // Data that cannot be copied to another process (a function): the job's own fault.
        finish(() => reject(new LogicFailure('DataCloneError', `The data cannot be evaluated: ${(error as Error).message}`)))
      }
    })
  }

  /** Kills the worker at once, whatever it is doing. */
  terminate(): void {
    this.gone = true
    this.child.kill('SIGKILL')
  }
}
