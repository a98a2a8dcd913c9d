import { mergeNodePatch, type ExecutionRecorder, type NodeRecordPatch, type RecordedEvent } from './execution-recorder.js'
import { emptyChanges, hasChanges, type ExecutionChanges, type ExecutionStatusPatch } from './execution-changes.js'
import { PendingChanges, type GroupCommitWriter, type WriterTenant } from './group-commit-writer.js'
import type { WrittenExecution } from './write-changes-query.js'

export interface KnexRecorderOptions {
  writer: GroupCommitWriter
  tenant: WriterTenant
  executionId: string
  /** The last `seq` already stored (a resumed execution continues after it). */
  lastSeq?: number
  /** How long progress may wait to be written; `flush` writes at once. */
  batchMs?: number
  /**
   * Called with each stored batch's events (in `seq` order) and how its execution row came out.
   * It must not throw: a throw counts as a failed write.
   */
  onStored?: (events: RecordedEvent[], written: WrittenExecution) => void
  /**
   * Called once when a write fails (`LeaseLostError`: another runner took the execution over;
   * `EventAppendError`: the log store kept refusing the events).
   */
  onFailure?: (error: Error) => void
}

/**
 * Write-behind persistence of one execution through the shared `GroupCommitWriter`: events, node
 * states and the execution's status are buffered and written a few milliseconds later (or at
 * `flush`), together with other executions' changes, so a node costs no database round trip of its
 * own. Batches are stored one after another, each only after the previous one succeeded, so `seq`
 * order is storage order and a failed batch leaves no gap: nothing after it is written.
 */
export class KnexRecorder implements ExecutionRecorder {
  private seq: number
  /** Changes not handed to the writer yet. */
  private buffer: ExecutionChanges
  /** The last changes handed over; while the writer has not taken them, new changes join them. */
  private handed: PendingChanges | undefined
  private timer: NodeJS.Timeout | undefined
  private written: Promise<void> = Promise.resolve()
  private failure: Error | undefined

  constructor(private readonly options: KnexRecorderOptions) {
    this.seq = options.lastSeq ?? 0
    this.buffer = emptyChanges(options.executionId)
  }

  event(type: string, nodeId: string | null, data: Record<string, unknown> = {}): RecordedEvent {
    const event = { executionId: this.options.executionId, seq: ++this.seq, type, nodeId, data, createdAt: new Date() }
    this.open().events.push(event)
    this.schedule()
    return event
  }

  node(nodeId: string, patch: NodeRecordPatch): void {
    mergeNodePatch(this.open().nodes, nodeId, patch)
    this.schedule()
  }

  /** Changes the execution's own row with the next write (see `ExecutionStatusPatch`). */
  status(patch: ExecutionStatusPatch): void {
    this.open().status = patch
    this.schedule()
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    this.handOver()
    await this.written
    if (this.failure) throw this.failure
  }

  private open(): ExecutionChanges {
    return this.handed && !this.handed.taken ? this.handed.changes : this.buffer
  }

  private schedule() {
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      this.handOver()
    }, this.options.batchMs ?? 10)
  }

  private handOver() {
    if (!hasChanges(this.buffer)) return
    const pending = new PendingChanges(this.buffer)
    this.buffer = emptyChanges(this.options.executionId)
    this.handed = pending
    const { writer, tenant, onStored } = this.options
    this.written = this.written.then(async () => {
      if (this.failure) return
      try {
        const written = await writer.write(tenant, pending)
        onStored?.(pending.changes.events, written)
      } catch (error) {
        this.failure = error as Error
        this.options.onFailure?.(this.failure)
      }
    })
  }
}
