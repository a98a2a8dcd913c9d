import { TooManyRequests } from '../../limits/rate-limiters.js'

/**
 * The 429 of a tenant at its concurrency limit: it runs at most so many executions at once (queued
 * or running), its own `maxConcurrentExecutions`, else `TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS`;
 * the execution store checks it in the statement that stores an execution.
 */
export function executionQuotaExceeded(limit: number): TooManyRequests {
  return new TooManyRequests(`This tenant already runs ${limit} executions at once (its limit); start this one when one has finished`, 5)
}
