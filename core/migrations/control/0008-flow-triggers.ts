import type { Knex } from 'knex'

/**
 * The trigger nodes of every tenant's saved flows whose lifecycle a plugin runs (plugin API 1.5):
 * each API instance starts a trigger per row and follows the rows as flows change. Firings with a
 * key (a schedule's tick, a message id) are claimed here, so a flow runs once per key however
 * many instances fire.
 */
export async function up(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).createTable('flow_triggers', (table) => {
    table.uuid('flow_id').notNullable()
    table.string('node_id', 100).notNullable()
    table.uuid('tenant_id').notNullable().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.string('type', 100).notNullable()
    table.integer('type_version').notNullable()
    table.jsonb('params').notNullable()
    table.integer('flow_version').notNullable()
    // When the node last changed (a save that leaves it as it was keeps it): "missed since" counts from here.
    table.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['flow_id', 'node_id'])
  })
  await knex.schema.withSchema(schema).createTable('trigger_firings', (table) => {
    table.uuid('flow_id').notNullable()
    table.string('node_id', 100).notNullable()
    table.string('key', 200).notNullable()
    table.uuid('tenant_id').notNullable().references('id').inTable(`${schema}.tenants`).onDelete('CASCADE')
    table.uuid('execution_id')
    table.timestamp('fired_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['flow_id', 'node_id', 'key'])
    table.index(['fired_at'])
    table.index(['flow_id', 'node_id', 'fired_at'])
  })
}

export async function down(knex: Knex, schema: string): Promise<void> {
  await knex.schema.withSchema(schema).dropTable('trigger_firings')
  await knex.schema.withSchema(schema).dropTable('flow_triggers')
}
