import type { Knex } from 'knex'

/**
 * A node that asks its execution to wait keeps what it waits for (`waiting_for`, shown to the
 * tenant and read by whoever resumes it); a resume stores what it carries (`resumed_with`, as
 * `{"data": ...}` so that a resume with `null` is told from none) until a runner runs the node
 * again. Nullable columns without defaults: a catalogue-only change.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('execution_nodes', (table) => {
    table.jsonb('waiting_for').nullable()
    table.jsonb('resumed_with').nullable()
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('execution_nodes', (table) => {
    table.dropColumn('waiting_for')
    table.dropColumn('resumed_with')
  })
}
