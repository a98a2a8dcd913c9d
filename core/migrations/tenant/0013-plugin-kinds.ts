import type { Knex } from 'knex'

/**
 * Plugins contribute tool kinds and trigger types (plugin API 1.5): a tool of a plugin's kind
 * keeps its settings in `settings`, and kinds and triggers are namespaced names longer than the
 * core's own. Widening a varchar does not rewrite the table.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.raw('alter table ??.tools alter column kind type varchar(100)', [schema])
  await knex.raw('alter table ??.executions alter column trigger type varchar(100)', [schema])
  await knex.schema.withSchema(schema).alterTable('tools', (table) => {
    table.jsonb('settings')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tools', (table) => {
    table.dropColumn('settings')
  })
}
