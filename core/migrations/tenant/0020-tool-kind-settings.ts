import type { Knex } from 'knex'

/**
 * The `http` and `mcp` tool kinds are plugins' now (plugin API 2): their settings move into
 * `settings`, where every plugin kind keeps its own, and their columns go. The API still shows
 * them in the `http` and `mcp` fields.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.raw(`update ??.tools set settings = http where kind = 'http' and http is not null`, [schema])
  await knex.raw(`update ??.tools set settings = mcp where kind = 'mcp' and mcp is not null`, [schema])
  await knex.schema.withSchema(schema).alterTable('tools', (table) => {
    table.dropColumn('http')
    table.dropColumn('mcp')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tools', (table) => {
    table.jsonb('http')
    table.jsonb('mcp')
  })
  await knex.raw(`update ??.tools set http = settings, settings = null where kind = 'http'`, [schema])
  await knex.raw(`update ??.tools set mcp = settings, settings = null where kind = 'mcp'`, [schema])
}
