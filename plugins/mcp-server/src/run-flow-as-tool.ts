import type { Application } from '@feathersjs/feathers'
import type { Execution, ExecutionEvent } from '@troupe/sdk'

const terminal = new Set(['succeeded', 'failed', 'cancelled'])

export interface FlowRunOptions {
  flowId: string
  input: Record<string, unknown>
  params: Record<string, unknown>
  /** Aborted when the MCP client cancels the call: the execution is cancelled too. */
  signal: AbortSignal
  /** Called as nodes finish, for progress notifications. */
  onProgress(completedNodes: number, message: string): void
  timeoutMs: number
}

/**
 * Starts an execution of the flow on the caller's behalf and waits for its end, listening to the
 * same service events Socket.IO clients get (in queue mode they arrive from the workers through
 * the event relay). A client that cancels the call cancels the execution.
 */
export async function runFlowAsTool(app: Application, options: FlowRunOptions): Promise<Execution> {
  const { flowId, input, params, signal, onProgress, timeoutMs } = options
  const executions = app.service('executions')
  const events = app.service('execution-events')
  const execution = (await executions.create({ flowId, input }, params)) as Execution
  let completed = 0
  let settle: (value: Execution) => void = () => undefined
  const finished = new Promise<Execution>((resolve) => (settle = resolve))
  const onPatched = (row: Execution) => {
    if (row.id === execution.id && terminal.has(row.status)) settle(row)
  }
  const onEvent = (event: ExecutionEvent) => {
    if (event.executionId !== execution.id || event.type !== 'node.completed') return
    completed += 1
    onProgress(completed, `node ${event.nodeId} completed`)
  }
  const cancel = () => void executions.patch(execution.id, { status: 'cancelled' }, params).catch(() => undefined)
  executions.on('patched', onPatched)
  events.on('created', onEvent)
  signal.addEventListener('abort', cancel)
  const timer = setTimeout(cancel, timeoutMs)
  try {
    // It may have ended before the listeners were attached.
    const current = (await executions.get(execution.id, params)) as Execution
    if (terminal.has(current.status)) return current
    await finished
    return (await executions.get(execution.id, params)) as Execution
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', cancel)
    executions.removeListener('patched', onPatched)
    events.removeListener('created', onEvent)
  }
}
