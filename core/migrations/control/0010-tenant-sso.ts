import type { Knex } from 'knex'

/**
 * A tenant's OIDC single sign-on: in the control schema because the public login routes must find
 * it before anyone is signed in. The client secret is sealed (AES-256-GCM) and bound to the
 * tenant and the issuer's origin; `verified_at` says an admin has signed in through this very
 * configuration, which password login may only be switched off after.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('tenant_sso', (table) => {
    table.uuid('tenant_id').primary().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.string('issuer', 2000).notNullable()
    table.string('client_id', 500).notNullable()
    table.text('client_secret_ciphertext').notNullable()
    table.string('client_secret_origin', 2000).notNullable()
    table.string('display_name', 100).notNullable()
    table.jsonb('allowed_domains').notNullable()
    table.string('default_role', 20).notNullable()
    table.string('groups_claim', 100)
    table.jsonb('group_roles').notNullable()
    table.string('provisioning', 20).notNullable()
    table.boolean('password_login').notNullable().defaultTo(true)
    table.timestamp('verified_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('tenant_sso')
}
