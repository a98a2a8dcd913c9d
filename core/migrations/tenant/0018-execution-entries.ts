import type { Knex } from 'knex'

/**
 * Executions started through a plugin's entry (`POST /executions {crewId}`) keep the entry's field
 * and the record's id in columns of their own, so the core names no plugin's record. Runs of a
 * crew stored before keep their crew as the `crewId` entry. The old `crew_id` column stays, read
 * by no one, so instances of the previous version keep inserting while a rollout lasts; a later
 * migration drops it.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.string('entry_field', 64)
    table.uuid('entry_id')
  })
  await knex.raw(`update ??.executions set entry_field = 'crewId', entry_id = crew_id where crew_id is not null`, [schema])
  await knex.raw('create index ?? on ??.executions (entry_field, entry_id, created_at) where entry_id is not null', ['executions_entry_idx', schema])
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.raw(`update ??.executions set crew_id = entry_id where entry_field = 'crewId' and crew_id is null`, [schema])
  await knex.raw('drop index if exists ??.??', [schema, 'executions_entry_idx'])
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.dropColumn('entry_field')
    table.dropColumn('entry_id')
  })
}
