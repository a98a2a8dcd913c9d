import type { Knex } from 'knex'

/** LLM providers of the tenant (keys encrypted) and the usage of every call. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('llm_providers', (table) => {
    table.uuid('id').primary()
    table.string('name', 200).notNullable().unique()
    table.string('kind', 50).notNullable()
    table.string('base_url', 2000)
    table.string('model', 200)
    table.text('api_key_ciphertext')
    table.integer('priority').notNullable().defaultTo(100)
    table.boolean('enabled').notNullable().defaultTo(true)
    table.boolean('cache').notNullable().defaultTo(false)
    table.integer('timeout_ms').notNullable().defaultTo(60000)
    table.jsonb('pricing').notNullable().defaultTo('{}')
    table.jsonb('rules')
    table.jsonb('options').notNullable().defaultTo('{}')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['priority'])
  })
  await knex.schema.withSchema(schema).createTable('llm_usage', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('provider_id').notNullable()
    table.string('provider_name', 200).notNullable()
    table.string('model', 200).notNullable()
    table.integer('prompt_tokens').notNullable()
    table.integer('completion_tokens').notNullable()
    table.decimal('cost_usd', 14, 6).notNullable()
    table.boolean('cached').notNullable().defaultTo(false)
    table.uuid('execution_id')
    table.string('node_id', 100)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['created_at'])
    table.index(['execution_id'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('llm_usage')
  await knex.schema.withSchema(schema).dropTableIfExists('llm_providers')
}
