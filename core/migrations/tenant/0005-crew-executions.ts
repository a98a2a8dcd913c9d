import type { Knex } from 'knex'

/** Executions that run a crew directly carry their own one-node graph instead of a flow version. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.uuid('flow_id').nullable().alter()
    table.integer('flow_version').nullable().alter()
    table.uuid('crew_id')
    table.jsonb('graph')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.dropColumn('graph')
    table.dropColumn('crew_id')
  })
}
