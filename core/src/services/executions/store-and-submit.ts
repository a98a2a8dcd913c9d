import type { Execution } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import type { ExecutionRow } from '../../executor/execution-runner.js'
import type { ExecutionTarget, QueuedExecutionFields } from '../../executor/store/queued-execution-inserter.js'
import { executionQuotaExceeded } from './concurrency-quota.js'

/**
 * Stores a queued execution through the execution store (the tenant's concurrency quota checked
 * in the same statement: a 429 when it is full) and hands it to the dispatcher; `undefined` when
 * its flow changed, or went, since the caller read it. Runs, re-runs and sub-flows start here;
 * `startedBy` is the principal's user (none for the system).
 */
export async function storeAndSubmit(app: Application, principal: Principal, values: ExecutionTarget & Omit<QueuedExecutionFields, 'startedBy'>): Promise<Execution | undefined> {
  const dispatcher = app.get('dispatcher')
  const startedBy = principal.userId === 'system' ? null : principal.userId
  const outcome = await app.get('executionStore').insert(principal.tenantId, { ...values, startedBy, ...dispatcher.initialClaim() })
  if ('refused' in outcome) {
    if (outcome.refused === 'quota') throw executionQuotaExceeded(outcome.limit)
    return undefined
  }
  await dispatcher.submit(outcome.stored as unknown as ExecutionRow, principal)
  return outcome.stored
}
