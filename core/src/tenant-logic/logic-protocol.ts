import type { LogicAnswer, LogicRequest } from '@troupe/sdk/logic'

/** One request, as the parent posts it to a logic worker (one at a time per worker). */
export interface LogicJob {
  request: LogicRequest
  timeoutMs: number
  maxResultBytes: number
}

/**
 * What a logic worker posts: `ready` once, then one answer or failure per job, each with the CPU
 * time the worker has used so far (the parent's baseline for the next job's budget).
 */
export type LogicWorkerMessage =
  | { type: 'ready'; cpuMs: number }
  | { type: 'answer'; answer: LogicAnswer; cpuMs: number }
  | { type: 'failed'; name: string; message: string; cpuMs: number }
