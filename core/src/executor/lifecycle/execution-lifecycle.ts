import type { Principal } from '../../declarations.js'
import type { RecordedEvent } from '../persistence/execution-recorder.js'

/** A runner starts an execution, or resumes one another runner left. */
export interface ExecutionStart {
  executionId: string
  principal: Principal
  resumed: boolean
}

/** What the store has just written for an execution: a batch of its events, and its row when its status changed. */
export interface StoredProgress {
  principal: Principal
  events: RecordedEvent[]
  row?: Record<string, unknown>
}

/** An execution ended in this runner (or, cancelled while no runner held it, where it was cancelled), its final status stored. */
export interface ExecutionEnd {
  executionId: string
  principal: Principal
  status: 'succeeded' | 'failed' | 'cancelled'
  /** A sub-flow's run: the execution and node that started it. */
  parent?: SubExecutionOrigin
}

/** The execution and node a sub-flow's run was started by. */
export interface SubExecutionOrigin {
  executionId: string
  nodeId: string
}

/** The origin of an execution row that names one (`parentExecutionId`, `parentNodeId`). */
export function parentOf(row: { parentExecutionId?: unknown; parentNodeId?: unknown }): SubExecutionOrigin | undefined {
  return typeof row.parentExecutionId === 'string' && typeof row.parentNodeId === 'string' ? { executionId: row.parentExecutionId, nodeId: row.parentNodeId } : undefined
}

/** An execution went `waiting` in this runner (stored): the runner let it go until a resume. */
export interface ExecutionWait {
  executionId: string
  principal: Principal
  /** The nodes that wait, with what for. */
  nodes: Array<{ nodeId: string; reason: string }>
}

/** One party interested in executions' lives (publishing, metrics, ...); every method optional. */
export interface ExecutionLifecycleHandler {
  onStart?(start: ExecutionStart): void
  onStored?(progress: StoredProgress): void
  onWaiting?(wait: ExecutionWait): void
  onFinish?(end: ExecutionEnd): void
}

/**
 * The one seam every execution's life passes through, in the spirit of n8n's
 * `ExecutionLifecycleHooks`: the runner and the store report starts, stored progress, waits and
 * ends here, and the handlers (the publisher that turns stored progress into service events, the
 * metrics) act on them. A handler that throws is logged and does not disturb the run or the other
 * handlers. Handlers run in the order they were added, synchronously: stored events keep their
 * order on their way out.
 */
export class ExecutionLifecycle {
  private readonly handlers: ExecutionLifecycleHandler[] = []

  constructor(private readonly onError: (error: unknown, stage: string) => void) {}

  add(handler: ExecutionLifecycleHandler): void {
    this.handlers.push(handler)
  }

  start(start: ExecutionStart): void {
    for (const handler of this.handlers) this.call('start', () => handler.onStart?.(start))
  }

  stored(progress: StoredProgress): void {
    for (const handler of this.handlers) this.call('stored', () => handler.onStored?.(progress))
  }

  waiting(wait: ExecutionWait): void {
    for (const handler of this.handlers) this.call('waiting', () => handler.onWaiting?.(wait))
  }

  finish(end: ExecutionEnd): void {
    for (const handler of this.handlers) this.call('finish', () => handler.onFinish?.(end))
  }

  private call(stage: string, run: () => void) {
    try {
      run()
    } catch (error) {
      this.onError(error, stage)
    }
  }
}
