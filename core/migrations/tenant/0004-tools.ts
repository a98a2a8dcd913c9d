import type { Knex } from 'knex'

/** The tenant's tools (secrets encrypted), and which flows MCP clients may call as tools. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('tools', (table) => {
    table.uuid('id').primary()
    table.string('name', 64).notNullable().unique()
    table.text('description').notNullable().defaultTo('')
    table.string('kind', 20).notNullable()
    table.jsonb('input_schema').notNullable()
    table.boolean('expose_via_mcp').notNullable().defaultTo(false)
    table.text('code')
    table.string('language', 50)
    table.string('runtime', 100)
    table.jsonb('limits')
    table.jsonb('allowed_hosts').notNullable().defaultTo('[]')
    table.jsonb('http')
    table.jsonb('mcp')
    // { name: ciphertext }, each sealed with the tenant, tool and secret name as associated data.
    table.jsonb('secrets_ciphertext').notNullable().defaultTo('{}')
    table.uuid('created_by')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['expose_via_mcp'])
  })
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.boolean('expose_via_mcp').notNullable().defaultTo(false)
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.dropColumn('expose_via_mcp')
  })
  await knex.schema.withSchema(schema).dropTableIfExists('tools')
}
