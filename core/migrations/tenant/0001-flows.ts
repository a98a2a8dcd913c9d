import type { Knex } from 'knex'

export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('flows', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.text('description').notNullable().defaultTo('')
    table.jsonb('nodes').notNullable().defaultTo('[]')
    table.jsonb('edges').notNullable().defaultTo('[]')
    table.integer('version').notNullable().defaultTo(1)
    table.uuid('created_by')
    table.uuid('updated_by')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['name'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('flows')
}
