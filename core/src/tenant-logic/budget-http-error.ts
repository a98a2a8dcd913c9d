import { Unprocessable, type FeathersError } from '@feathersjs/errors'
import { TooManyRequests } from '../limits/rate-limiters.js'
import type { LogicBudgetError } from './logic-pool.js'

/**
 * A request whose tenant logic ran out of budget, as an HTTP answer: 422 when this request's
 * expression, schema or pattern took too long or too much memory (sending it again will not help),
 * 429 with `Retry-After` when the tenant's share is exhausted for now.
 */
export function budgetHttpError(error: LogicBudgetError): FeathersError {
  if (error.budget === 'time' || error.budget === 'memory') return new Unprocessable(error.message, { budget: error.budget })
  return new TooManyRequests(error.message, error.retryAfterSeconds ?? 5)
}
