import type { Knex } from 'knex'

/** The tenant's audit trail: append-only, written by the server, never through the API. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('audit_logs', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.string('actor_type', 20).notNullable()
    table.uuid('actor_user_id')
    table.uuid('actor_api_key_id')
    table.string('action', 100).notNullable()
    table.string('service', 200)
    table.string('method', 20)
    table.string('record_id', 200)
    table.string('ip', 100)
    table.string('outcome', 20).notNullable()
    table.text('error')
    table.jsonb('details').notNullable().defaultTo('{}')
    table.index(['at'])
    table.index(['actor_user_id', 'at'])
    table.index(['service', 'at'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('audit_logs')
}
