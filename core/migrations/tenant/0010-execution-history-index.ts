import type { Knex } from 'knex'

/** Executions by age: what the history pruner walks (oldest first) and the newest-first list reads. */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.index(['created_at'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.dropIndex(['created_at'])
  })
}
