import type { Knex } from 'knex'
import type { TenantMigration } from '@troupe/sdk/plugin'

/** Chat sessions with an agent, a crew or a flow, and their messages. */
export const chat: TenantMigration = {
  name: 'crew-0002-chat',
  async up(db: unknown, schema: string) {
    const knex = db as Knex
    await knex.schema.withSchema(schema).createTable('chat_sessions', (table) => {
      table.uuid('id').primary()
      table.string('title', 200).notNullable().defaultTo('')
      table.uuid('agent_id')
      table.uuid('crew_id')
      table.uuid('flow_id')
      table.uuid('user_id').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.index(['user_id', 'updated_at'])
    })
    await knex.schema.withSchema(schema).createTable('chat_messages', (table) => {
      table.uuid('id').primary()
      table.uuid('session_id').notNullable().references('id').inTable(`${schema}.chat_sessions`).onDelete('CASCADE')
      table.uuid('user_id').notNullable()
      table.string('role', 20).notNullable()
      table.text('content').notNullable().defaultTo('')
      table.string('status', 20).notNullable()
      table.uuid('execution_id')
      table.text('error')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.index(['session_id', 'created_at'])
    })
  },
  async down(db: unknown, schema: string) {
    const knex = db as Knex
    await knex.schema.withSchema(schema).dropTableIfExists('chat_messages')
    await knex.schema.withSchema(schema).dropTableIfExists('chat_sessions')
  }
}
