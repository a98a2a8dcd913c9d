import type { Knex } from 'knex'

/**
 * Per-tenant overrides of the webhook and storage limits (`null`: the server's value, which is
 * also the most a tenant may set), and the signing secret of a flow's webhook: encrypted, not
 * hashed, because checking an HMAC signature needs the secret itself.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('tenants', (table) => {
    table.integer('webhook_rate_limit_per_minute')
    table.integer('webhook_flow_rate_limit_per_minute')
    table.integer('webhook_max_body_bytes')
    table.bigInteger('max_stored_bytes')
  })
  await knex.schema.withSchema(schema).alterTable('webhook_routes', (table) => {
    table.text('signing_secret')
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('webhook_routes', (table) => {
    table.dropColumn('signing_secret')
  })
  await knex.schema.withSchema(schema).alterTable('tenants', (table) => {
    table.dropColumn('webhook_rate_limit_per_minute')
    table.dropColumn('webhook_flow_rate_limit_per_minute')
    table.dropColumn('webhook_max_body_bytes')
    table.dropColumn('max_stored_bytes')
  })
}
