import type { Application, Principal } from '../declarations.js'

/**
 * Before an erasure, the runs whose data goes stop for good: the user's (or, without `userId`,
 * the whole tenant's). Queued and running ones are cancelled (a run of this process is aborted and
 * awaited); then every one of them loses its runner and lease. The executor writes node states
 * and events only into rows that still name its runner, so no runner, here or on another instance,
 * can write the data back after it was erased.
 */
export async function stopRuns(app: Application, principal: Principal, userId?: string): Promise<void> {
  const store = app.get('executionStore')
  const dispatcher = app.get('dispatcher')
  for (const id of await store.activeIds(principal.tenantSchema, userId)) await dispatcher.cancel(id, principal)
  await store.release(principal.tenantSchema, userId)
}
