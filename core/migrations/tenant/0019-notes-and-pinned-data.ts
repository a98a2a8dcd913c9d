import type { Knex } from 'knex'

/**
 * The editor's own data on a flow: sticky notes and nodes' pinned test data (neither is part of a
 * version). An execution started with pinned data or as a test of one node names them: the
 * runner then starts from the node states stored with it.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.jsonb('notes').notNullable().defaultTo('[]')
    table.jsonb('pinned_outputs').notNullable().defaultTo('{}')
  })
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.jsonb('pinned_node_ids')
    table.text('only_node_id')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.dropColumn('pinned_node_ids')
    table.dropColumn('only_node_id')
  })
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.dropColumn('notes')
    table.dropColumn('pinned_outputs')
  })
}
