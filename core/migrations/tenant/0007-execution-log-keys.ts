import type { Knex } from 'knex'

/**
 * The event log and node states keep no foreign key to `executions`. Each key cost a lookup and
 * a row lock of the execution for every event and node state written (~30 rows per execution of
 * a 10-node flow), and guarded nothing the writes do not already: they insert rows only for
 * executions the same statement holds locked under this runner's lease (`writeChangesQuery`),
 * executions are never deleted (a GDPR erasure pseudonymises them, or drops the whole tenant
 * schema), and erasing events is done by execution id. The MongoDB log store has no such key either.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  for (const table of ['execution_events', 'execution_nodes']) {
    await knex.raw('alter table ??.?? drop constraint if exists ??', [schema, table, `${table}_execution_id_foreign`])
  }
}

export async function down(knex: Knex, schema: string): Promise<void> {
  for (const table of ['execution_events', 'execution_nodes']) {
    await knex.schema.withSchema(schema).alterTable(table, (builder) => {
      builder.foreign('execution_id').references('id').inTable(`${schema}.executions`).onDelete('CASCADE')
    })
  }
}
