import { mergeNodePatch, type ExecutionRecorder, type NodeRecordPatch, type RecordedEvent } from './execution-recorder.js'
import { emptyChanges, hasChanges, maxChangesBytes, type ExecutionChanges, type ExecutionStatusPatch } from './execution-changes.js'
import { PendingChanges, type GroupCommitWriter, type WriterTenant } from './group-commit-writer.js'
import { jsonSize } from './json-size.js'
import { asUnstorableProgress, UnstorableProgressError } from './unstorable-progress.js'
import type { WrittenExecution } from './write-changes-query.js'

/** What a stored row adds besides its values (ids, seq, type, times), as JSON. */
const rowBytes = 128

/**
 * Changes past this size are handed over at once, in a write of their own, instead of growing a
 * batch for the rest of `batchMs`: a write holds the embedded database (and so the event loop) for
 * a time that grows with its size, and nodes that answer at once can produce hundreds of MB within
 * a batch's few milliseconds.
 */
const handOverBytes = 4 * 1024 * 1024

/** The size of a value about to be stored; a value measured before (an output handed on) costs a lookup. */
const sizeOf = (value: unknown) => (value === undefined ? 0 : jsonSize(value, maxChangesBytes))

export interface KnexRecorderOptions {
  writer: GroupCommitWriter
  tenant: WriterTenant
  executionId: string
  /** The last `seq` already stored (a resumed execution continues after it). */
  lastSeq?: number
  /** How long progress may wait to be written; `flush` writes at once. */
  batchMs?: number
  /**
   * Most bytes (estimated, as JSON) this run may store in all; the write that would pass it is not
   * made and the run fails with `UnstorableProgressError`. No cap without it.
   */
  maxExecutionBytes?: number
  /**
   * Called with each stored batch's events (in `seq` order) and how its execution row came out.
   * It must not throw: a throw counts as a failed write.
   */
  onStored?: (events: RecordedEvent[], written: WrittenExecution) => void
  /**
   * Called once when a write fails (`LeaseLostError`: another runner took the execution over;
   * `EventAppendError`: the log store kept refusing the events; `UnstorableProgressError`: the
   * changes can never be stored, too large or refused by the database).
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
  /** What this run has recorded to be stored, in estimated bytes. */
  private recordedBytes = 0
  /** Whether `maxExecutionBytes` was passed: nothing more is handed over. */
  private overCap = false

  constructor(private readonly options: KnexRecorderOptions) {
    this.seq = options.lastSeq ?? 0
    this.buffer = emptyChanges(options.executionId)
  }

  event(type: string, nodeId: string | null, data: Record<string, unknown> = {}): RecordedEvent {
    const event = { executionId: this.options.executionId, seq: ++this.seq, type, nodeId, data, createdAt: new Date() }
    const changes = this.open()
    changes.events.push(event)
    this.count(changes, rowBytes + sizeOf(data))
    this.schedule(changes)
    return event
  }

  node(nodeId: string, patch: NodeRecordPatch): void {
    const changes = this.open()
    this.count(changes, rowBytes + sizeOf(patch.input) + sizeOf(patch.output) + (patch.error?.length ?? 0))
    mergeNodePatch(changes.nodes, nodeId, patch)
    this.schedule(changes)
  }

  /** Changes the execution's own row with the next write (see `ExecutionStatusPatch`). */
  status(patch: ExecutionStatusPatch): void {
    const changes = this.open()
    this.count(changes, rowBytes + sizeOf(patch.output) + (patch.error?.length ?? 0))
    changes.status = patch
    this.schedule(changes)
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    this.handOver()
    await this.written
    if (this.failure) throw this.failure
  }

  /** Where new changes go: the batch handed over but not taken yet, while it is small, else the buffer. */
  private count(changes: ExecutionChanges, bytes: number) {
    changes.bytes += bytes
    this.recordedBytes += bytes
  }

  private open(): ExecutionChanges {
    return this.handed && !this.handed.taken && this.handed.changes.bytes < handOverBytes ? this.handed.changes : this.buffer
  }

  private schedule(changes: ExecutionChanges) {
    if (changes === this.buffer && changes.bytes >= handOverBytes) {
      clearTimeout(this.timer)
      this.timer = undefined
      return this.handOver()
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      this.handOver()
    }, this.options.batchMs ?? 10)
  }

  private handOver() {
    if (!hasChanges(this.buffer)) return
    const { maxExecutionBytes } = this.options
    if (this.overCap || (maxExecutionBytes !== undefined && this.recordedBytes > maxExecutionBytes)) {
      // Nothing more of this run is stored; what was handed over before is, and the run fails with the reason.
      this.buffer = emptyChanges(this.options.executionId)
      if (this.overCap) return
      this.overCap = true
      const reached = this.recordedBytes
      this.written = this.written.then(() => {
        if (this.failure) return
        this.failure = UnstorableProgressError.executionTooLarge(reached, maxExecutionBytes!)
        this.options.onFailure?.(this.failure)
      })
      return
    }
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
        this.failure = asUnstorableProgress(error) ?? (error as Error)
        this.options.onFailure?.(this.failure)
      }
    })
  }
}
