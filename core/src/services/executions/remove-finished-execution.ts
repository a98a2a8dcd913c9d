import { Conflict } from '@feathersjs/errors'
import { executionStatuses, type Execution } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { isTerminal } from '../../executor/public-execution.js'

const finished = executionStatuses.filter(isTerminal)

/**
 * Removes an execution that has ended, with its node states and its events (wherever the log
 * store keeps them): how a tenant frees stored history. A running one is refused (409) rather
 * than removed under its runner; `current` is the execution as the caller may see it (its
 * `get`, so another tenant's is not found).
 */
export async function removeFinishedExecution(app: Application, principal: Principal, current: Execution): Promise<Execution> {
  const refuse = () => new Conflict(`Execution ${current.id} has not finished: cancel it first, then remove it`)
  if (!isTerminal(current.status)) throw refuse()
  await app.get('knex').transaction(async (trx) => {
    const removed = await trx('executions').withSchema(principal.tenantSchema).where({ id: current.id }).whereIn('status', finished).delete()
    if (removed === 0) throw refuse()
    await trx('executionNodes').withSchema(principal.tenantSchema).where({ executionId: current.id }).delete()
  })
  await app.get('logStore').executionEvents.removeExecutions(principal.tenantId, [current.id])
  app.get('storageMeter').forget(principal.tenantId)
  return current
}
