import type { ToolRunLimits } from '@troupe/sdk/plugin'
import { outOfMemoryError, outputCapError, timeoutError } from './limits.js'
import type { OutputOverflow } from './output-collector.js'

/** Why the host killed a container before it ended on its own (an abort never gets this far). */
export type StopReason = 'timeout' | OutputOverflow

/** A failure as the runner reports it: where it happened, and what was thrown. */
export interface RunnerError {
  kind: 'input' | 'load' | 'export' | 'call' | 'result' | 'memory'
  name?: string
  message: string
}

/** How a tool's container ended. */
export interface ContainerEnd {
  stoppedFor?: StopReason
  exitCode: number
  /** Docker's `State.OOMKilled`. */
  oomKilled: boolean
  /** The JSON the runner printed after its marker, if it got that far. */
  report?: string
  stderrTail: string
}

/** The tool's result, from how its container ended; or the error the caller sees. */
export function readOutcome(end: ContainerEnd, limits: ToolRunLimits): unknown {
  if (end.stoppedFor === 'timeout') throw timeoutError(limits.timeoutMs)
  if (end.stoppedFor) throw outputCapError(end.stoppedFor, limits.maxOutputBytes)
  if (end.report !== undefined) return reportedResult(end.report, limits)
  // Exit 137 is a SIGKILL, and the host sent none: the kernel's OOM killer, whose flag Docker may not have set yet.
  if (end.oomKilled || end.exitCode === 137 || /heap out of memory/i.test(end.stderrTail)) throw outOfMemoryError(limits.memoryMb)
  const lastLine = end.stderrTail.trim().split('\n').at(-1)
  throw new Error(`Tool process exited with code ${end.exitCode} without a result${lastLine ? `: ${lastLine}` : ''}`)
}

function reportedResult(report: string, limits: ToolRunLimits): unknown {
  const parsed = parseReport(report)
  if ('error' in parsed) throw runnerError(parsed.error, limits)
  const result = parsed.result ?? null
  if (Buffer.byteLength(JSON.stringify(result), 'utf8') > limits.maxOutputBytes) throw outputCapError('result', limits.maxOutputBytes)
  return result
}

function parseReport(report: string): { result?: unknown } | { error: RunnerError } {
  let parsed: unknown
  try {
    parsed = JSON.parse(report)
  } catch {
    parsed = undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('Sandbox failure: the runner printed a report that is not a JSON object')
  }
  const { error } = parsed as { error?: Partial<RunnerError> }
  if (error === undefined) return parsed as { result?: unknown }
  if (typeof error?.message !== 'string') throw new Error('Sandbox failure: the runner reported an error without a message')
  return { error: error as RunnerError }
}

/** The message of a failure the runner caught, worded like the embedded sandbox's. */
function runnerError({ kind, name, message }: RunnerError, limits: ToolRunLimits): Error {
  switch (kind) {
    case 'memory':
      return outOfMemoryError(limits.memoryMb)
    case 'export':
      return new Error(message)
    case 'result':
      return new Error(`Tool result is not JSON-serializable: ${message}`)
    case 'input':
      return new Error(`Sandbox failure: the runner could not read its input: ${message}`)
    default:
      if (kind === 'load' && name === 'SyntaxError') return new Error(`Invalid tool code: SyntaxError: ${message}`)
      return new Error(`Tool error: ${name && name !== 'Error' ? `${name}: ` : ''}${message}`)
  }
}
