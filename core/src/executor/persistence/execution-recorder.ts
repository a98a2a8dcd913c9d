import type { NodeStatus } from '../scheduler/node-state.js'
import type { LoggedExecutionEvent } from '@troupe/sdk/plugin'

/** A node's persisted state; absent fields are left as they were. */
export interface NodeRecordPatch {
  status?: NodeStatus
  attempts?: number
  port?: string | null
  input?: unknown
  output?: unknown
  error?: string | null
  /** What a waiting node waits for (`NodeWait`); `null` once it runs again. */
  waitingFor?: unknown
  /** Written `null` only: a runner consumes a resume when it runs the node again (the store sets it). */
  resumedWith?: null
  startedAt?: Date
  finishedAt?: Date
}

/** An event as the recorder hands it to the log store. */
export type RecordedEvent = LoggedExecutionEvent

/**
 * Where a running execution writes what happens: node states and the event log. Calls return at
 * once; implementations batch the writes, and `flush` waits until everything so far is stored.
 */
export interface ExecutionRecorder {
  event(type: string, nodeId: string | null, data?: Record<string, unknown>): RecordedEvent
  /** Takes `patch` over: the caller hands a fresh object and does not touch it again. */
  node(nodeId: string, patch: NodeRecordPatch): void
  flush(): Promise<void>
}

/**
 * Merges `patch` into the node's record in `records`: later fields win, fields it leaves out keep
 * what earlier patches set. The first patch becomes the record itself. Copies field by field on
 * purpose: `Object.assign` onto an object made by a spread is many times slower in V8.
 */
export function mergeNodePatch(records: Map<string, NodeRecordPatch>, nodeId: string, patch: NodeRecordPatch): void {
  const current = records.get(nodeId) as Record<string, unknown> | undefined
  if (!current) {
    records.set(nodeId, patch)
    return
  }
  for (const field in patch) current[field] = patch[field as keyof NodeRecordPatch]
}
