import type { Knex } from 'knex'

/** Per-tenant quotas: a monthly LLM spend budget and a cap on executions running at once. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tenants', (table) => {
    table.decimal('monthly_llm_budget_usd', 14, 4)
    table.integer('max_concurrent_executions')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tenants', (table) => {
    table.dropColumn('monthly_llm_budget_usd')
    table.dropColumn('max_concurrent_executions')
  })
}
