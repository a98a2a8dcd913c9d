import type { Application } from '@feathersjs/feathers'
import type { Execution } from '@troupe/sdk'
import type { PluginHost, WatchingPrincipal } from '@troupe/sdk/plugin'

export interface ExecutionRunOptions {
  /** Who runs it (the watch reads the execution as them). */
  principal: WatchingPrincipal
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
 * Starts an execution of the flow or crew on the caller's behalf and watches it to its end (the
 * host's `watchExecution`: the same events Socket.IO clients get, relayed from the workers in
 * queue mode). A client that cancels the call cancels the execution. A run that starts waiting
 * (for an approval) is answered as it is then: the call does not hold on, and the time limit does
 * not cancel a run that waits for a person.
 */
export async function runExecutionAsTool(app: Application, watchExecution: PluginHost['watchExecution'], options: ExecutionRunOptions): Promise<Execution> {
  const { principal, target, input, params, signal, onProgress, timeoutMs } = options
  const executions = app.service('executions')
  const execution = (await executions.create({ ...target, input }, params)) as Execution
  const cancel = () => void executions.patch(execution.id, { status: 'cancelled' }, params).catch(() => undefined)
  signal.addEventListener('abort', cancel)
  const timer = setTimeout(cancel, timeoutMs)
  const watch = await watchExecution(execution.id, principal)
  try {
    let completed = 0
    let waiting = false
    for await (const event of watch.events) {
      if (event.type === 'execution.waiting') {
        clearTimeout(timer)
        waiting = true
        break
      }
      if (!progressEvents.has(event.type)) continue
      // A crew run is one node: its tasks are the steps worth reporting.
      if (event.type === 'node.completed' && 'crewId' in target) continue
      completed += 1
      onProgress(completed, event.type === 'task.completed' ? `task ${String(event.data?.taskId ?? '')} completed` : `node ${event.nodeId} completed`)
    }
    if (!waiting) await watch.finished
    // Read through the service with the caller's params: what the caller may see of it.
    return (await executions.get(execution.id, params)) as Execution
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', cancel)
    watch.close()
  }
}
