import type { Application, Principal } from '../../declarations.js'
import { TooManyRequests } from '../../limits/rate-limiters.js'

/**
 * A tenant runs at most so many executions at once (queued or running): its own
 * `maxConcurrentExecutions`, else `TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS`. One more is a 429.
 */
export async function assertExecutionQuota(app: Application, principal: Principal): Promise<void> {
  const knex = app.get('knex')
  const tenant = (await knex('tenants').withSchema('public').where({ id: principal.tenantId }).first('maxConcurrentExecutions')) as
    | { maxConcurrentExecutions: number | null }
    | undefined
  const limit = tenant?.maxConcurrentExecutions ?? app.get('config').tenantMaxConcurrentExecutions
  // Counts no further than the limit: cheap however many there are.
  const active = await knex
    .from(knex('executions').withSchema(principal.tenantSchema).whereIn('status', ['queued', 'running']).select(knex.raw('1')).limit(limit).as('active'))
    .count({ n: '*' })
    .first()
  if (Number(active?.n ?? 0) >= limit) throw executionQuotaExceeded(limit)
}

/** The 429 of a tenant at its concurrency limit. */
export function executionQuotaExceeded(limit: number): TooManyRequests {
  return new TooManyRequests(`This tenant already runs ${limit} executions at once (its limit); start this one when one has finished`, 5)
}
