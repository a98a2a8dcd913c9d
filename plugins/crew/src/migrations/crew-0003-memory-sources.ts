import type { Knex } from 'knex'
import type { TenantMigration } from '@troupe/sdk/plugin'

/**
 * Each crew memory names the run it summarises: a summary holds that run's inputs and outputs,
 * so it is exported and erased with the data of whoever started the run. Memories stored before
 * have no source (null).
 */
export const memorySources: TenantMigration = {
  name: 'crew-0003-memory-sources',
  async up(db: unknown, schema: string) {
    const knex = db as Knex
    await knex.schema.withSchema(schema).alterTable('crew_memories', (table) => {
      table.uuid('execution_id')
      table.index(['execution_id'])
    })
  },
  async down(db: unknown, schema: string) {
    const knex = db as Knex
    await knex.schema.withSchema(schema).alterTable('crew_memories', (table) => {
      table.dropIndex(['execution_id'])
      table.dropColumn('execution_id')
    })
  }
}
