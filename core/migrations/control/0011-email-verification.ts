import type { Knex } from 'knex'

/**
 * Email verification: `users.email_verified_at` (null while the address is unproven; accounts made
 * before this migration count as verified, since nothing asked them) and the mailed verification
 * tokens, kept as SHA-256 hashes with the address they were sent to (a token proves that address
 * only, so changing the email afterwards voids it).
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  const db = () => knex.schema.withSchema(schema)
  await db().alterTable('users', (table) => {
    table.timestamp('email_verified_at', { useTz: true })
  })
  await knex(`${schema}.users`).update({ email_verified_at: knex.ref('created_at') })
  await db().createTable('email_verifications', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('user_id').notNullable().references('id').inTable(`${schema}.users`).onDelete('CASCADE')
    table.string('email', 320).notNullable()
    table.string('token_hash', 64).notNullable().unique()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.timestamp('used_at', { useTz: true })
    table.index(['user_id'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('email_verifications')
  await knex.schema.withSchema(schema).alterTable('users', (table) => {
    table.dropColumn('email_verified_at')
  })
}
