import type { Knex } from 'knex'

/**
 * How many times an execution was taken over after its runner's lease ran out (a crash, a kill,
 * a stall). The claim that takes it over counts it in the same statement, so an execution that
 * takes its runners down every time is quarantined after `TROUPE_EXECUTION_MAX_TAKEOVERS` instead
 * of being resumed forever. A constant default makes this a catalogue-only change on PostgreSQL 11+
 * (no table rewrite).
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.integer('takeovers').notNullable().defaultTo(0)
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('executions', (table) => {
    table.dropColumn('takeovers')
  })
}
