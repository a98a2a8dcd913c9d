import type { Knex } from 'knex'
import type { TenantMigration } from '@troupe/sdk/plugin'

/** The approvals of a tenant: one per `human.approval` node of an execution. */
export const approvalsMigration: TenantMigration = {
  name: 'flow-control-0001-approvals',
  async up(db: unknown, schema: string) {
    const knex = db as Knex
    await knex.schema.withSchema(schema).createTable('approvals', (table) => {
      table.uuid('id').primary()
      table.uuid('execution_id').notNullable()
      table.string('node_id', 100).notNullable()
      table.uuid('flow_id')
      table.string('title', 200).notNullable()
      table.text('description').notNullable().defaultTo('')
      table.jsonb('form')
      table.string('approver_role', 10).notNullable().defaultTo('member')
      table.jsonb('input')
      table.string('status', 20).notNullable().defaultTo('pending')
      table.jsonb('data')
      table.uuid('decided_by')
      table.timestamp('decided_at', { useTz: true })
      table.timestamp('expires_at', { useTz: true })
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      table.unique(['execution_id', 'node_id'])
      table.index(['status', 'created_at'])
    })
  },
  async down(db: unknown, schema: string) {
    await (db as Knex).schema.withSchema(schema).dropTableIfExists('approvals')
  }
}
