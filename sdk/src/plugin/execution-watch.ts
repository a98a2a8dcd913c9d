import type { Execution, ExecutionEvent } from '../contract/schemas/executions.js'

/** Who watches: the caller's principal, as service params carry it (every role may read executions). */
export interface WatchingPrincipal {
  userId: string
  tenantId: string
  role?: 'admin' | 'member' | 'viewer'
}

export interface WatchOptions {
  /** Deliver events with a `seq` above this (stored ones first, then live ones); default 0: all of them. */
  afterSeq?: number
  /** Whether to deliver events at all; `false` watches only for the end (no stored events are read). */
  events?: boolean
  /** Ends the watch early: `events` ends, `finished` stays pending. */
  signal?: AbortSignal
}

/**
 * One execution, watched until it ends (`watchExecution` on the plugin host, `app.get('watcher')`
 * in core). Events arrive in `seq` order, each once, from the store and then live (from this
 * process or relayed from the instance that runs it); they end after `execution.completed`.
 */
export interface ExecutionWatch {
  readonly events: AsyncIterable<ExecutionEvent>
  /** The execution's row once it has a terminal status (at once when it already has one). */
  readonly finished: Promise<Execution>
  /**
   * The execution's row the first time the watch sees it `waiting` (at once when it already
   * waits); it may be resumed later, so `finished` can still settle. Since plugin API 1.4.
   */
  readonly waiting: Promise<Execution>
  /** Stops watching: `events` ends; `finished` no longer settles. Call it once done with the watch. */
  close(): void
}

/**
 * A plugin's view of executions' lives (`host.addExecutionLifecycle`, plugin API 1.5), called in
 * the process that runs the execution (a queue worker in queue mode), after what it reports is
 * stored. Every method is optional; what one throws or rejects with is logged and disturbs
 * neither the run nor the other handlers. Keep them quick: the runner does not wait for them.
 */
export interface ExecutionLifecycleEvents {
  /** A runner starts the execution, or takes up one another runner left or a resume. */
  onStart?(event: { executionId: string; tenantId: string; resumed: boolean }): void | Promise<void>
  /** The execution went `waiting`: no runner holds it until a resume. */
  onWaiting?(event: { executionId: string; tenantId: string; nodes: Array<{ nodeId: string; reason: string }> }): void | Promise<void>
  /**
   * The execution ended in this runner, its final status stored; or it was cancelled while no
   * runner held it (waiting, or queued for none), reported once, in the process that cancelled it.
   */
  onFinish?(event: { executionId: string; tenantId: string; status: 'succeeded' | 'failed' | 'cancelled' }): void | Promise<void>
}
