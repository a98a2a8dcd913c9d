import type { Knex } from 'knex'

/**
 * Waiting nodes that resume by themselves at a time (`NodeWait.until`), across every tenant: the
 * recovery sweep takes the due ones from here (the oldest first, skipping rows another instance
 * holds), so a timed wait costs nothing until it is due and survives any restart.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('execution_wakeups', (table) => {
    table.uuid('tenant_id').notNullable().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.uuid('execution_id').notNullable()
    table.string('node_id', 100).notNullable()
    table.timestamp('wake_at', { useTz: true }).notNullable()
    table.primary(['tenant_id', 'execution_id', 'node_id'])
    table.index(['wake_at'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTable('execution_wakeups')
}
