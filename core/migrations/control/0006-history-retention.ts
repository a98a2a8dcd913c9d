import type { Knex } from 'knex'

/**
 * Per-tenant retention of the execution history (`null`: the server's value, which is also the
 * most a tenant may set) and when the pruner last went through the tenant's history.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tenants', (table) => {
    table.integer('history_max_age_days')
    table.integer('history_failed_max_age_days')
    table.integer('history_max_count')
    table.timestamp('history_pruned_at', { useTz: true })
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tenants', (table) => {
    table.dropColumn('history_max_age_days')
    table.dropColumn('history_failed_max_age_days')
    table.dropColumn('history_max_count')
    table.dropColumn('history_pruned_at')
  })
}
