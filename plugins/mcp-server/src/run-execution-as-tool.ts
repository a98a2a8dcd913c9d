import type { Application } from '@feathersjs/feathers'
import type { Execution, ExecutionEvent } from '@troupe/sdk'

const terminal = new Set(['succeeded', 'failed', 'cancelled'])

export interface ExecutionRunOptions {
  /** What to run: `{flowId}` or `{crewId}`. */
  target: { flowId: string } | { crewId: string }
  input: Record<string, unknown>
  params: Record<string, unknown>
  /** Aborted when the MCP client cancels the call: the execution is cancelled too. */
  signal: AbortSignal
  /** Called as nodes (of a flow) or tasks (of a crew) finish, for progress notifications. */
  onProgress(completedNodes: number, message: string): void
  timeoutMs: number
}

const progressEvents = new Set(['node.completed', 'task.completed'])

/**
 * Starts an execution of the flow or crew on the caller's behalf and waits for its end, listening to the
 * same service events Socket.IO clients get (in queue mode they arrive from the workers through
 * the event relay). A client that cancels the call cancels the execution.
 */
export async function runExecutionAsTool(app: Application, options: ExecutionRunOptions): Promise<Execution> {
  const { target, input, params, signal, onProgress, timeoutMs } = options
  const executions = app.service('executions')
  const events = app.service('execution-events')
  const execution = (await executions.create({ ...target, input }, params)) as Execution
  let completed = 0
  let settle: (value: Execution) => void = () => undefined
  const finished = new Promise<Execution>((resolve) => (settle = resolve))
  const onPatched = (row: Execution) => {
    if (row.id === execution.id && terminal.has(row.status)) settle(row)
  }
  const onEvent = (event: ExecutionEvent) => {
    if (event.executionId !== execution.id || !progressEvents.has(event.type)) return
    // A crew run is one node: its tasks are the steps worth reporting.
    if (event.type === 'node.completed' && 'crewId' in target) return
    completed += 1
    onProgress(completed, event.type === 'task.completed' ? `task ${String(event.data?.taskId ?? '')} completed` : `node ${event.nodeId} completed`)
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
