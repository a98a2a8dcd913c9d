import type { Knex } from 'knex'

/** A re-run names the execution it re-ran, and the node it re-ran from (the nodes upstream of it kept their outputs). */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.uuid('rerun_of')
    table.text('rerun_from_node_id')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.dropColumn('rerun_of')
    table.dropColumn('rerun_from_node_id')
  })
}
