import type { Application } from '../../declarations.js'
import { NodeTimer } from '../../observability/node-timer.js'
import type { ExecutionLifecycleHandler } from './execution-lifecycle.js'

/**
 * The executions' metrics, from their lifecycle: node run times from the stored events
 * (`troupe_node_duration_seconds`), and the executions that ended here (`troupe_executions_total`).
 */
export function executionMetrics(app: Application): ExecutionLifecycleHandler {
  const nodeTimer = new NodeTimer(() => app.get('metrics'))
  return {
    onStored: ({ events }) => nodeTimer.observe(events),
    onFinish: ({ status }) => app.get('metrics').executions.inc({ status })
  }
}
