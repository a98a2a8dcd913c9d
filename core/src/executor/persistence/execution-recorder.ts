import type { NodeStatus } from '../scheduler/node-state.js'

/** A node's persisted state; absent fields are left as they were. */
export interface NodeRecordPatch {
  status?: NodeStatus
  attempts?: number
  port?: string | null
  input?: unknown
  output?: unknown
  error?: string | null
  startedAt?: Date
  finishedAt?: Date
}

export interface RecordedEvent {
  executionId: string
  seq: number
  type: string
  nodeId: string | null
  data: Record<string, unknown>
  createdAt: Date
}

/**
 * Where a running execution writes what happens: node states and the event log. Calls return at
 * once; implementations batch the writes, and `flush` waits until everything so far is stored.
 */
export interface ExecutionRecorder {
  event(type: string, nodeId: string | null, data?: Record<string, unknown>): RecordedEvent
  node(nodeId: string, patch: NodeRecordPatch): void
  flush(): Promise<void>
}
