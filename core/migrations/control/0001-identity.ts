import type { Knex } from 'knex'

/** Control schema: tenants and everything identity needs to find a principal before a tenant is known. */
export async function up(knex: Knex, schema: string): Promise<void> {
  // A schema builder accumulates statements, so each table gets a fresh one.
  const db = () => knex.schema.withSchema(schema)
  await db().createTable('tenants', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.string('schema_name', 63).notNullable().unique()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await db().createTable('users', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('tenant_id').notNullable().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.string('email', 320).notNullable().unique()
    table.string('name', 200).notNullable()
    table.string('password_hash', 100).notNullable()
    table.string('role', 20).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['tenant_id'])
  })
  // A session is one login: the family of refresh tokens it rotates through.
  await db().createTable('auth_sessions', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('user_id').notNullable().references('id').inTable(`${schema}.users`).onDelete('CASCADE')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('revoked_at', { useTz: true })
    table.string('revoked_reason', 50)
    table.index(['user_id'])
  })
  await db().createTable('refresh_tokens', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('session_id').notNullable().references('id').inTable(`${schema}.auth_sessions`).onDelete('CASCADE')
    table.string('token_hash', 64).notNullable().unique()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.timestamp('used_at', { useTz: true })
    table.index(['session_id'])
  })
  await db().createTable('api_keys', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('tenant_id').notNullable().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.uuid('user_id').notNullable().references('id').inTable(`${schema}.users`).onDelete('CASCADE')
    table.string('name', 200).notNullable()
    table.string('prefix', 20).notNullable()
    table.string('key_hash', 64).notNullable().unique()
    table.string('role', 20)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('last_used_at', { useTz: true })
    table.timestamp('expires_at', { useTz: true })
    table.index(['tenant_id', 'user_id'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  for (const table of ['api_keys', 'refresh_tokens', 'auth_sessions', 'users', 'tenants']) {
    await knex.schema.withSchema(schema).dropTableIfExists(table)
  }
}
