import type { Knex } from 'knex'

/**
 * Tokens sent by mail, kept as SHA-256 hashes only: invitations (a tenant admin invites an address
 * with a role; accepting one deletes it, so it works once and leaves no address behind) and
 * password resets (one use, short-lived).
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  const db = () => knex.schema.withSchema(schema)
  await db().createTable('invitations', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('tenant_id').notNullable().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.string('email', 320).notNullable()
    table.string('role', 20).notNullable()
    table.string('token_hash', 64).notNullable().unique()
    table.uuid('invited_by').references('id').inTable(`${schema}.users`).onDelete('SET NULL')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.index(['tenant_id', 'email'])
  })
  await db().createTable('password_resets', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('user_id').notNullable().references('id').inTable(`${schema}.users`).onDelete('CASCADE')
    table.string('token_hash', 64).notNullable().unique()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.timestamp('used_at', { useTz: true })
    table.index(['user_id'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('password_resets')
  await knex.schema.withSchema(schema).dropTableIfExists('invitations')
}
