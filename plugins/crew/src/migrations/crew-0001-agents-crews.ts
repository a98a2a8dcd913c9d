import type { Knex } from 'knex'
import type { TenantMigration } from '@troupe/sdk/plugin'

/** Agents, crews (tasks inline, in order) and each crew's long-term memory, in every tenant schema. */
export const agentsAndCrews: TenantMigration = {
  name: 'crew-0001-agents-crews',
  async up(db: unknown, schema: string) {
    const knex = db as Knex
    await knex.schema.withSchema(schema).createTable('agents', (table) => {
      table.uuid('id').primary()
      table.string('name', 200).notNullable().unique()
      table.string('role', 500).notNullable()
      table.text('goal').notNullable()
      table.text('backstory').notNullable().defaultTo('')
      table.uuid('provider_id')
      table.string('model', 200)
      table.jsonb('tool_ids').notNullable().defaultTo('[]')
      table.boolean('allow_delegation').notNullable().defaultTo(false)
      table.integer('max_iterations').notNullable().defaultTo(10)
      table.jsonb('output_schema')
      table.uuid('created_by')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    })
    await knex.schema.withSchema(schema).createTable('crews', (table) => {
      table.uuid('id').primary()
      table.string('name', 200).notNullable().unique()
      table.text('description').notNullable().defaultTo('')
      table.string('process', 20).notNullable()
      table.jsonb('agent_ids').notNullable()
      table.uuid('manager_agent_id')
      table.uuid('manager_provider_id')
      table.jsonb('tasks').notNullable()
      table.boolean('memory').notNullable().defaultTo(false)
      table.jsonb('input_schema')
      table.boolean('expose_via_mcp').notNullable().defaultTo(false)
      table.uuid('created_by')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    })
    await knex.schema.withSchema(schema).createTable('crew_memories', (table) => {
      table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
      table.uuid('crew_id').notNullable().references('id').inTable(`${schema}.crews`).onDelete('CASCADE')
      table.text('summary').notNullable()
      table.specificType('search', "tsvector GENERATED ALWAYS AS (to_tsvector('simple', summary)) STORED")
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.index(['crew_id', 'created_at'])
    })
    await knex.raw('create index ?? on ??.?? using gin (search)', ['crew_memories_search_idx', schema, 'crew_memories'])
  },
  async down(db: unknown, schema: string) {
    const knex = db as Knex
    await knex.schema.withSchema(schema).dropTableIfExists('crew_memories')
    await knex.schema.withSchema(schema).dropTableIfExists('crews')
    await knex.schema.withSchema(schema).dropTableIfExists('agents')
  }
}
