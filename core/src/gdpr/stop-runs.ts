import { executionStatuses } from '@troupe/sdk'
import type { Application, Principal } from '../declarations.js'
import { isTerminal } from '../executor/public-execution.js'

const activeStatuses = executionStatuses.filter((status) => !isTerminal(status))

/**
 * Before an erasure, the runs whose data goes stop for good: the user's (or, without `userId`,
 * the whole tenant's). Queued and running ones are cancelled (a run of this process is aborted and
 * awaited); then every one of them loses its runner and lease. The executor writes node states
 * and events only into rows that still name its runner, so no runner, here or on another instance,
 * can write the data back after it was erased.
 */
export async function stopRuns(app: Application, principal: Principal, userId?: string): Promise<void> {
  const runs = () =>
    app
      .get('knex')('executions')
      .withSchema(principal.tenantSchema)
      .modify((query) => {
        if (userId) query.where({ startedBy: userId })
      })
  const active = (await runs().whereIn('status', activeStatuses).pluck('id')) as string[]
  const dispatcher = app.get('dispatcher')
  for (const id of active) await dispatcher.cancel(id, principal)
  await runs().whereNotNull('runnerId').update({ runnerId: null, leaseUntil: null })
}
