import type { NodeRecordPatch, RecordedEvent } from './execution-recorder.js'

/**
 * A change of the execution's own row. `running` starts it (only a queued execution becomes
 * running, so a cancellation that came first stands); `waiting` gives up its runner and lease
 * until it is resumed (only a running execution starts waiting); a terminal status finishes it
 * with its output and error and ends its lease.
 */
export interface ExecutionStatusPatch {
  status: 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled'
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
  /** About how large the values it stores are, as JSON (`jsonSize`): what its write will carry. */
  bytes: number
}

/**
 * Most one execution's changes may weigh in one write. Past it the statement could not be built or
 * taken anyway (a JavaScript string holds at most ~512 M characters, a PostgreSQL jsonb value at
 * most 256 MiB), and only after seconds of serializing: such changes are refused before that.
 */
export const maxChangesBytes = 256 * 1024 * 1024

export function emptyChanges(executionId: string): ExecutionChanges {
  return { executionId, nodes: new Map(), events: [], bytes: 0 }
}

export function hasChanges(changes: ExecutionChanges): boolean {
  return changes.status !== undefined || changes.nodes.size > 0 || changes.events.length > 0
}
