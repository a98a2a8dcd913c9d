import type { NodeExecutionContext, NodeLogger } from '@troupe/sdk/plugin'
import type { ExecutionRecorder } from '../persistence/execution-recorder.js'

// The functions a node receives are made by helpers like these rather than written inline in an
// object literal: tsx keeps function names by calling a helper for every named function it
// creates, and that call costs more than the rest of a no-op node's context.

function logTo(recorder: ExecutionRecorder, nodeId: string, level: string) {
  return (message: string, data?: Record<string, unknown>) => {
    recorder.event('log', nodeId, data ? { level, message, data } : { level, message })
  }
}

/** A node's logger: each line is a `log` event of the node. */
export function nodeLogger(recorder: ExecutionRecorder, nodeId: string): NodeLogger {
  return {
    debug: logTo(recorder, nodeId, 'debug'),
    info: logTo(recorder, nodeId, 'info'),
    warn: logTo(recorder, nodeId, 'warn'),
    error: logTo(recorder, nodeId, 'error')
  }
}

/** A node's `emit`: its events go to the execution's log under the node's id. */
export function nodeEmitter(recorder: ExecutionRecorder, nodeId: string): NodeExecutionContext['emit'] {
  return (event) => {
    recorder.event(event.type, nodeId, event.data)
  }
}
