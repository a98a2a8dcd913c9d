import { Worker } from 'node:worker_threads'
import { abortError, timeoutError } from './tool-errors.js'
import type { WorkerDone, WorkerJob, WorkerMessage } from './worker-protocol.js'

/** The longest delay `setTimeout` takes; a longer one would fire at once. */
const maxTimerMs = 2 ** 31 - 1

/** The script a sandbox worker thread starts from. */
const quickjsWorkerEntry = new URL('./quickjs-worker-entry.mjs', import.meta.url)

export interface SandboxWorkerOptions {
  /** The worker's V8 old-generation cap: its own JavaScript heap, not the engine's WebAssembly memory. */
  heapMb: number
  /** Called once when the thread has ended, for whatever reason. */
  onExit(worker: SandboxWorker): void
  /** The script to start; tests swap it. */
  entry?: URL
}

/**
 * One worker thread that runs one job at a time, seen from the parent. The parent owns the hard
 * limits: past the deadline, or on abort, it terminates the thread instead of waiting for it.
 */
export class SandboxWorker {
  readonly heapMb: number
  /** Settles once the thread has loaded its code and compiled the engine. */
  readonly ready: Promise<void>
  private readonly thread: Worker
  private gone = false

  constructor({ heapMb, onExit, entry = quickjsWorkerEntry }: SandboxWorkerOptions) {
    this.heapMb = heapMb
    this.thread = new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: heapMb } })
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type !== 'ready') return
        this.thread.off('message', onMessage)
        resolve()
      }
      this.thread.on('message', onMessage)
      this.thread.once('error', (error) => reject(new Error(`Sandbox worker failed to start: ${error.message}`)))
      this.thread.once('exit', (code) => reject(new Error(`Sandbox worker failed to start (exit code ${code})`)))
    })
    // Without a listener, an error would be rethrown on the parent's thread.
    this.thread.on('error', () => {})
    this.thread.once('exit', () => {
      this.gone = true
      onExit(this)
    })
  }

  /** Whether the thread still runs (a terminated thread counts as gone at once). */
  get alive(): boolean {
    return !this.gone
  }

  /** Lets the process exit while the worker idles; a running job holds the process open. */
  hold(held: boolean): void {
    if (held) this.thread.ref()
    else this.thread.unref()
  }

  /**
   * Runs a job, rejecting with the tool's error, a timeout `graceMs` past `timeoutMs` (the engine's
   * own interrupt handler stops most tools first), an `AbortError`, or the thread's death.
   */
  run(job: WorkerJob, graceMs: number, signal?: AbortSignal): Promise<WorkerDone> {
    const { thread } = this
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal))
      if (this.gone) return reject(new Error('Sandbox worker stopped before the call'))
      const finish = (settle: () => void) => {
        clearTimeout(deadline)
        signal?.removeEventListener('abort', onAbort)
        thread.off('message', onMessage)
        thread.off('error', onError)
        thread.off('exit', onExit)
        settle()
      }
      const kill = (error: Error) => finish(() => {
        void this.terminate()
        reject(error)
      })
      const onMessage = (message: WorkerMessage) => finish(() => {
        if (message.type === 'done') resolve(message)
        else if (message.type === 'failed') reject(new Error(message.message))
      })
      const onError = (error: Error) => finish(() => reject(new Error(`Sandbox worker crashed: ${error.message}`)))
      const onExit = (code: number) => finish(() => reject(new Error(`Sandbox worker stopped during the call (exit code ${code})`)))
      const onAbort = () => kill(abortError(signal as AbortSignal))

      const deadline = setTimeout(() => kill(timeoutError(job.limits.timeoutMs)), Math.min(job.limits.timeoutMs + graceMs, maxTimerMs))
      signal?.addEventListener('abort', onAbort, { once: true })
      thread.on('message', onMessage)
      thread.on('error', onError)
      thread.on('exit', onExit)
      thread.postMessage(job)
    })
  }

  /** Stops the thread, whatever it is doing; `onExit` follows. */
  terminate(): Promise<void> {
    this.gone = true
    return this.thread.terminate().then(() => undefined)
  }
}
