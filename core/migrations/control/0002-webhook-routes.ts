import type { Knex } from 'knex'

/** Public webhooks name only a flow id; this index finds the tenant that owns it. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('webhook_routes', (table) => {
    table.uuid('flow_id').primary()
    table.uuid('tenant_id').notNullable().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.string('secret_hash', 64)
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('webhook_routes')
}
