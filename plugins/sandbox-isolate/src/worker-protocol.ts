import type { ToolRunLimits } from '@troupe/sdk/plugin'

/** One call, as the parent posts it to a worker: the data crosses as JSON text. */
export interface WorkerJob {
  code: string
  argsJson: string
  limits: ToolRunLimits
}

/** A finished call: the result and the logs, each as JSON text. */
export interface WorkerDone {
  type: 'done'
  resultJson: string
  logsJson: string
}

/**
 * What a worker posts: `ready` once, when it can take calls, then one `done` or `failed` per job
 * (a worker runs one job at a time).
 */
export type WorkerMessage = { type: 'ready' } | WorkerDone | { type: 'failed'; message: string }
