import type { Knex } from 'knex'

/** A flow may name another flow of the tenant to run when one of its executions fails. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.uuid('error_flow_id')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.dropColumn('error_flow_id')
  })
}
