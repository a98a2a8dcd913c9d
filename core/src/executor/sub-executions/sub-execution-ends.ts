import { Conflict, NotFound } from '@feathersjs/errors'
import { isTerminalExecutionStatus } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { activeStatuses } from '../store/execution-store.js'
import { resumeExecution } from '../resume/resume-execution.js'
import type { ExecutionEnd, ExecutionLifecycleHandler, SubExecutionOrigin } from '../lifecycle/execution-lifecycle.js'

/** What the node that started a sub-flow is resumed with when the run ends. */
export interface SubExecutionEnded {
  subExecution: { executionId: string; status: ExecutionEnd['status'] }
}

// A sub-flow can end before its parent's node has stored its wait (a quick sub-flow on the same
// instance): the resume is tried again a few times. Past these, the node's own periodic check
// (its wait's `until`) finds the ended run.
const resumeRetryDelaysMs = [50, 200, 1000, 3000]
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
// Sub-flows of one node that end close together (a flow.map's items) wake their parent once: an end
// within this long of another's joins the resume that one scheduled, which has not been sent yet.
const coalesceMs = 20

async function resumeParent(app: Application, end: ExecutionEnd, parent: SubExecutionOrigin): Promise<void> {
  const data: SubExecutionEnded = { subExecution: { executionId: end.executionId, status: end.status } }
  for (let attempt = 0; ; attempt++) {
    try {
      await resumeExecution(app, { executionId: parent.executionId, nodeId: parent.nodeId, data, principal: end.principal })
      return
    } catch (error) {
      // The parent went (removed); anything else but a node that does not wait (yet) is logged by the caller.
      if (error instanceof NotFound) return
      if (!(error instanceof Conflict)) throw error
      if (attempt >= resumeRetryDelaysMs.length) return
      const parentRow = (await app.get('knex')('executions').withSchema(end.principal.tenantSchema).where({ id: parent.executionId }).first('status')) as { status: string } | undefined
      if (!parentRow || isTerminalExecutionStatus(parentRow.status)) return
      await sleep(resumeRetryDelaysMs[attempt])
    }
  }
}

/** Cancels the sub-flows a failed or cancelled execution started that still run (and theirs, as each ends). */
async function cancelChildren(app: Application, executionId: string, principal: Principal): Promise<void> {
  const children = (await app
    .get('knex')('executions')
    .withSchema(principal.tenantSchema)
    .where({ parentExecutionId: executionId })
    .whereIn('status', activeStatuses)
    .select('id')) as Array<{ id: string }>
  for (const child of children) await app.get('dispatcher').cancel(child.id, principal)
}

/**
 * Sub-flows' ends, where each ends: the node that started the run is resumed with how it ended
 * (it reads the run's output itself), and a failed or cancelled execution's running sub-flows are
 * cancelled, all the way down. What fails here is logged; the nodes' periodic checks make up
 * for a resume that never came.
 */
export function subExecutionEnds(app: Application): ExecutionLifecycleHandler {
  const logFailure = (end: ExecutionEnd, what: string) => (error: Error) =>
    app.get('logger').warn({ err: error, executionId: end.executionId, tenantId: end.principal.tenantId }, what)
  // Resumes scheduled and not sent yet, by parent node: an end stored before one is sent is seen by it.
  const scheduled = new Set<string>()
  async function wakeParent(end: ExecutionEnd, parent: SubExecutionOrigin) {
    const key = `${end.principal.tenantSchema}/${parent.executionId}/${parent.nodeId}`
    if (scheduled.has(key)) return
    scheduled.add(key)
    try {
      await sleep(coalesceMs)
    } finally {
      scheduled.delete(key)
    }
    await resumeParent(app, end, parent)
  }
  return {
    onFinish(end) {
      if (end.parent) wakeParent(end, end.parent).catch(logFailure(end, 'the parent of an ended sub-flow could not be resumed'))
      // A failed run's sub-flows (a flow.map that failed on an item) have no one left to wait for them.
      if (end.status !== 'succeeded') cancelChildren(app, end.executionId, end.principal).catch(logFailure(end, 'the sub-flows of an ended execution could not be cancelled'))
    }
  }
}
