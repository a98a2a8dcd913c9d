import type { Knex } from 'knex'
import type { ExecutionRecorder } from './persistence/execution-recorder.js'
import type { ExecutionStatusPatch } from './persistence/execution-changes.js'

/** The nodes an execution's stored state has as running: those its last runner was running when it stopped. */
export async function runningNodeIds(knex: Knex, schema: string, executionId: string): Promise<string[]> {
  const rows = (await knex('executionNodes').withSchema(schema).where({ executionId, status: 'running' }).select('nodeId').orderBy('nodeId')) as Array<{ nodeId: string }>
  return rows.map((row) => row.nodeId)
}

export interface Failure {
  /** The execution's error. */
  error: string
  /** Nodes that were running, and fail with `nodeError`. */
  running: readonly string[]
  nodeError: string
}

/**
 * Ends an execution as failed without running it any further: each running node fails, then the
 * execution. Written through the execution's recorder, so the `node.failed` and
 * `execution.completed` events continue its log and reach channels and SSE like those of any
 * failed run, and the row is written only while this runner holds the lease.
 */
export async function recordFailure(recorder: ExecutionRecorder & { status(patch: ExecutionStatusPatch): void }, failure: Failure): Promise<void> {
  for (const nodeId of failure.running) {
    recorder.node(nodeId, { status: 'failed', finishedAt: new Date(), error: failure.nodeError })
    recorder.event('node.failed', nodeId, { error: failure.nodeError })
  }
  recorder.event('execution.completed', null, { status: 'failed', output: null, error: failure.error })
  recorder.status({ status: 'failed', output: null, error: failure.error })
  await recorder.flush()
}
