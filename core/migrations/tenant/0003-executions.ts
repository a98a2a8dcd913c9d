import type { Knex } from 'knex'

/** Flow versions, executions, their node states and their event log. */
export async function up(knex: Knex, schema: string): Promise<void> {
  const db = () => knex.schema.withSchema(schema)
  await db().createTable('flow_versions', (table) => {
    table.uuid('flow_id').notNullable().references('id').inTable(`${schema}.flows`).onDelete('CASCADE')
    table.integer('version').notNullable()
    table.string('name', 200).notNullable()
    table.jsonb('nodes').notNullable()
    table.jsonb('edges').notNullable()
    table.uuid('created_by')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['flow_id', 'version'])
  })
  await db().createTable('executions', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('flow_id').notNullable()
    table.integer('flow_version').notNullable()
    table.string('status', 20).notNullable()
    table.string('trigger', 20).notNullable()
    table.jsonb('input')
    table.jsonb('output')
    table.text('error')
    table.uuid('started_by')
    table.string('runner_id', 100)
    table.timestamp('lease_until', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('started_at', { useTz: true })
    table.timestamp('finished_at', { useTz: true })
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['flow_id', 'created_at'])
    table.index(['status'])
  })
  await db().createTable('execution_nodes', (table) => {
    table.uuid('execution_id').notNullable().references('id').inTable(`${schema}.executions`).onDelete('CASCADE')
    table.string('node_id', 100).notNullable()
    table.string('status', 20).notNullable()
    table.integer('attempts').notNullable().defaultTo(0)
    table.string('port', 100)
    table.jsonb('input')
    table.jsonb('output')
    table.text('error')
    table.timestamp('started_at', { useTz: true })
    table.timestamp('finished_at', { useTz: true })
    table.primary(['execution_id', 'node_id'])
  })
  await db().createTable('execution_events', (table) => {
    table.uuid('execution_id').notNullable().references('id').inTable(`${schema}.executions`).onDelete('CASCADE')
    table.integer('seq').notNullable()
    table.string('type', 100).notNullable()
    table.string('node_id', 100)
    table.jsonb('data').notNullable().defaultTo('{}')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['execution_id', 'seq'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  for (const table of ['execution_events', 'execution_nodes', 'executions', 'flow_versions']) {
    await knex.schema.withSchema(schema).dropTableIfExists(table)
  }
}
