import { Forbidden, NotFound } from '@feathersjs/errors'
import { isTerminalExecutionStatus, type Execution, type ExecutionEvent } from '@troupe/sdk'
import type { ExecutionWatch, WatchOptions } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../../declarations.js'
import { publicExecution } from '../public-execution.js'
import { EventQueue } from './event-queue.js'
import { entryFields } from '../execution-entry-fields.js'

/** The event that closes an execution's log. */
const completedEvent = 'execution.completed'

interface Watcher {
  /** Live events; `undefined` while stored ones are being read (then they wait in `buffered`). */
  queue?: EventQueue<ExecutionEvent>
  buffered?: ExecutionEvent[]
  finish(row: Execution): void
  wait(row: Execution): void
}

/**
 * The one way to watch an execution until it ends, for webhook answers, Server-Sent Events, chat
 * and MCP alike. One listener on each of the two services serves every watch: stored events and
 * status changes reach it as the service events channels publish (from this process, or relayed
 * from the instance that runs the execution), so a watch sees exactly what a Socket.IO client sees.
 */
export class ExecutionWatcher {
  private readonly byExecution = new Map<string, Set<Watcher>>()
  private listening = false

  constructor(
    private readonly app: Application,
    /** Whether the execution runs in this process for this tenant schema (its end will be seen here, no read needed). */
    private readonly runsHere: (executionId: string, tenantSchema: string) => boolean
  ) {}

  /**
   * Watches `executionId` on behalf of `principal`: `NotFound` when it may not read it. Without
   * events, an execution running in this process costs no database read.
   */
  async watch(executionId: string, principal: Principal, options: WatchOptions = {}): Promise<ExecutionWatch> {
    this.listen()
    const wantsEvents = options.events !== false
    let settle: (row: Execution) => void = () => undefined
    const finished = new Promise<Execution>((resolve) => (settle = resolve))
    let markWaiting: (row: Execution) => void = () => undefined
    const waiting = new Promise<Execution>((resolve) => (markWaiting = resolve))
    const queue = wantsEvents ? new EventQueue<ExecutionEvent>(options.afterSeq ?? 0) : undefined
    const watcher: Watcher = { buffered: wantsEvents ? [] : undefined, finish: (row) => settle(row), wait: (row) => markWaiting(row) }
    const watchers = this.byExecution.get(executionId) ?? new Set()
    this.byExecution.set(executionId, watchers.add(watcher))
    const close = () => {
      watchers.delete(watcher)
      if (!watchers.size && this.byExecution.get(executionId) === watchers) this.byExecution.delete(executionId)
      queue?.end()
      options.signal?.removeEventListener('abort', close)
    }
    options.signal?.addEventListener('abort', close)
    void finished.then(() => {
      if (!queue) close()
    })
    try {
      // Registered first: a change stored while this reads is not missed (`seq` drops doubles).
      let ended = false
      if (wantsEvents || !this.runsHere(executionId, principal.tenantSchema)) {
        const row = await this.readable(executionId, principal)
        ended = isTerminalExecutionStatus(row.status)
        if (ended) watcher.finish(row)
        else if (row.status === 'waiting') watcher.wait(row)
      }
      if (queue) await this.replay(executionId, principal, watcher, queue, options.afterSeq ?? 0)
      // An execution that had ended has its whole log stored: nothing more will come.
      if (ended) queue?.end()
    } catch (error) {
      close()
      throw error
    }
    if (options.signal?.aborted) close()
    return { events: queue ?? emptyEvents, finished, waiting, close }
  }

  /** Stored events first, then what arrived meanwhile; the log ends at `execution.completed`. */
  private async replay(executionId: string, principal: Principal, watcher: Watcher, queue: EventQueue<ExecutionEvent>, afterSeq: number) {
    const stored = (await this.app.service('execution-events')._find({
      principal,
      query: { executionId, seq: { $gt: afterSeq }, $sort: { seq: 1 } },
      paginate: false
    })) as ExecutionEvent[]
    const buffered = watcher.buffered ?? []
    watcher.buffered = undefined
    watcher.queue = queue
    for (const event of [...stored, ...buffered]) deliver(queue, event)
  }

  private listen() {
    if (this.listening) return
    this.listening = true
    this.app.service('execution-events').on('created', (event: ExecutionEvent) => {
      for (const watcher of this.byExecution.get(event.executionId) ?? []) {
        if (watcher.buffered) watcher.buffered.push(event)
        else if (watcher.queue) deliver(watcher.queue, event)
      }
    })
    this.app.service('executions').on('patched', (row: Execution) => {
      const terminal = isTerminalExecutionStatus(row.status)
      if (!terminal && row.status !== 'waiting') return
      for (const watcher of this.byExecution.get(row.id) ?? []) {
        const visible = publicExecution(row as unknown as Record<string, unknown>, entryFields(this.app.get('plugins'))) as unknown as Execution
        if (terminal) watcher.finish(visible)
        else watcher.wait(visible)
      }
    })
  }

  /** The execution as `principal` may read it; `NotFound` when they may not (a failure to read is not "not found"). */
  async readable(executionId: string, principal: Principal): Promise<Execution> {
    try {
      const row = (await this.app.service('executions')._get(executionId, { principal })) as unknown as Record<string, unknown>
      return publicExecution(row, entryFields(this.app.get('plugins'))) as unknown as Execution
    } catch (error) {
      if (error instanceof NotFound || error instanceof Forbidden) throw new NotFound(`No execution ${executionId}`)
      throw error
    }
  }
}

function deliver(queue: EventQueue<ExecutionEvent>, event: ExecutionEvent) {
  queue.push(event)
  if (event.type === completedEvent) queue.end()
}

const emptyEvents: AsyncIterable<ExecutionEvent> = {
  async *[Symbol.asyncIterator]() {}
}
