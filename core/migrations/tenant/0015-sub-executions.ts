import type { Knex } from 'knex'

/**
 * An execution a node started as a sub-flow (`flow.call`, `flow.map`) names its parent execution,
 * the parent's node, and the key that node started it under (one child per key, so a node run
 * again after a crash finds the child it started instead of starting another).
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.uuid('parent_execution_id')
    table.text('parent_node_id')
    table.text('call_key')
  })
  await knex.raw('create index ?? on ??.executions (parent_execution_id, parent_node_id, call_key) where parent_execution_id is not null', ['executions_parent_idx', schema])
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.raw('drop index if exists ??.??', [schema, 'executions_parent_idx'])
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.dropColumn('parent_execution_id')
    table.dropColumn('parent_node_id')
    table.dropColumn('call_key')
  })
}
