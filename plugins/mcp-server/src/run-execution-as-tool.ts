import type { Application } from '@feathersjs/feathers'
import type { Execution } from '@troupe/sdk'
import type { PluginHost, WatchingPrincipal } from '@troupe/sdk/plugin'
import type { RunExposure } from './exposed-targets.js'

export interface ExecutionRunOptions {
  /** Who runs it (the watch reads the execution as them). */
  principal: WatchingPrincipal
  /** What to run: the record's id and how (its execution entry's field, its progress event). */
  target: { id: string; run: RunExposure }
  input: Record<string, unknown>
  params: Record<string, unknown>
  /** Aborted when the MCP client cancels the call: the execution is cancelled too. */
  signal: AbortSignal
  /** Called as steps finish (a flow's nodes, a crew's tasks), for progress notifications. */
  onProgress(completedNodes: number, message: string): void
  timeoutMs: number
}

/**
 * Starts an execution of the record (a flow, a crew) on the caller's behalf and watches it to its end (the
 * host's `watchExecution`: the same events Socket.IO clients get, relayed from the workers in
 * queue mode). A client that cancels the call cancels the execution. A run that starts waiting
 * (for an approval) is answered as it is then: the call does not hold on, and the time limit does
 * not cancel a run that waits for a person.
 */
export async function runExecutionAsTool(app: Application, watchExecution: PluginHost['watchExecution'], options: ExecutionRunOptions): Promise<Execution> {
  const { principal, target, input, params, signal, onProgress, timeoutMs } = options
  const executions = app.service('executions')
  const execution = (await executions.create({ [target.run.entryField]: target.id, input } as never, params)) as Execution
  const progressEvent = target.run.progressEvent ?? 'node.completed'
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
      if (event.type !== progressEvent) continue
      completed += 1
      const step = event.data?.taskId ?? event.nodeId
      onProgress(completed, `${progressEvent.split('.')[0]} ${String(step ?? '')} completed`)
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
