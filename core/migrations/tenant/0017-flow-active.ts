import type { Knex } from 'knex'

/** A flow's plugin triggers (schedules) run only while it is active; existing flows stay active. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.boolean('active').notNullable().defaultTo(true)
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('flows', (table) => {
    table.dropColumn('active')
  })
}
