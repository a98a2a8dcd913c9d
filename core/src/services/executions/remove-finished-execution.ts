import { Conflict } from '@feathersjs/errors'
import { isTerminalExecutionStatus, type Execution } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'

/**
 * Removes an execution that has ended, with its node states and its events (wherever the log
 * store keeps them): how a tenant frees stored history. A running one is refused (409) rather
 * than removed under its runner; `current` is the execution as the caller may see it (its
 * `get`, so another tenant's is not found).
 */
export async function removeFinishedExecution(app: Application, principal: Principal, current: Execution): Promise<Execution> {
  const refuse = () => new Conflict(`Execution ${current.id} has not finished: cancel it first, then remove it`)
  if (!isTerminalExecutionStatus(current.status)) throw refuse()
  if (!(await app.get('executionStore').removeFinished(principal.tenantId, current.id, app.get('logStore').executionEvents))) throw refuse()
  app.get('storageMeter').forget(principal.tenantId)
  return current
}
