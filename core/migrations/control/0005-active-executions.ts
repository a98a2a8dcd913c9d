import type { Knex } from 'knex'

/**
 * The tenants that may have executions to recover: one row per tenant with a queued or running
 * execution, set when one is stored and removed by the recovery sweep once none is left. The
 * sweep reads this instead of visiting every tenant schema, so an idle tenant costs it nothing.
 * Every existing tenant starts in it: the first sweep keeps those with work and drops the rest.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('active_executions', (table) => {
    table.uuid('tenant_id').primary().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.timestamp('marked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('insert into ??.active_executions (tenant_id) select id from ??.tenants', [schema, schema])
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTable('active_executions')
}
