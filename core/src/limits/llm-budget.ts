import { FeathersError } from '@feathersjs/errors'
import type { Knex } from 'knex'
import type { Principal } from '../declarations.js'

/** 402: the tenant's monthly LLM budget is spent. */
export class BudgetExceeded extends FeathersError {
  constructor(
    readonly budgetUsd: number,
    readonly spentUsd: number
  ) {
    super(
      `The tenant's monthly LLM budget of $${budgetUsd.toFixed(2)} is used up ($${spentUsd.toFixed(4)} spent this month); an admin can raise it`,
      'PaymentRequired',
      402,
      'payment-required',
      { budgetUsd, spentUsd }
    )
  }
}

/**
 * Checked before every LLM call: with a monthly budget set on the tenant, what its calls have
 * cost since the start of the calendar month (UTC) must still be below it.
 */
export async function assertWithinLlmBudget(knex: Knex, principal: Pick<Principal, 'tenantId' | 'tenantSchema'>): Promise<void> {
  const tenant = (await knex('tenants').withSchema('public').where({ id: principal.tenantId }).first('monthlyLlmBudgetUsd')) as
    | { monthlyLlmBudgetUsd: string | number | null }
    | undefined
  if (tenant?.monthlyLlmBudgetUsd === null || tenant?.monthlyLlmBudgetUsd === undefined) return
  const budgetUsd = Number(tenant.monthlyLlmBudgetUsd)
  const spent = (await knex('llmUsage')
    .withSchema(principal.tenantSchema)
    .where('createdAt', '>=', knex.raw("date_trunc('month', now() at time zone 'utc') at time zone 'utc'"))
    .sum({ total: 'costUsd' })
    .first()) as { total: string | number | null } | undefined
  const spentUsd = Number(spent?.total ?? 0)
  if (spentUsd >= budgetUsd) throw new BudgetExceeded(budgetUsd, spentUsd)
}
