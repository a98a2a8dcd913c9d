import type { NodeRecordPatch, RecordedEvent } from './execution-recorder.js'

/**
 * A change of the execution's own row. `running` starts it (only a queued execution becomes
 * running, so a cancellation that came first stands); a terminal status finishes it with its
 * output and error and ends its lease.
 */
export interface ExecutionStatusPatch {
  status: 'running' | 'succeeded' | 'failed' | 'cancelled'
  output?: unknown
  error?: string | null
}

/** What one execution has to store: its row's status, node states, and events in `seq` order. */
export interface ExecutionChanges {
  readonly executionId: string
  status?: ExecutionStatusPatch
  /** Node patches merged per node: a node appears once, so one upsert touches its row once. */
  readonly nodes: Map<string, NodeRecordPatch>
  readonly events: RecordedEvent[]
}

export function emptyChanges(executionId: string): ExecutionChanges {
  return { executionId, nodes: new Map(), events: [] }
}

export function hasChanges(changes: ExecutionChanges): boolean {
  return changes.status !== undefined || changes.nodes.size > 0 || changes.events.length > 0
}
