import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeLogStoreContract } from '@troupe/sdk/plugin/testing/log-store-contract'
import { tenantMigrations } from '../../migrations/index.js'
import { migrateSchema } from '../db/migrate.js'
import { tenantSchemaName } from '../db/tenant-schema.js'
import { openTestDatabase } from '../../test/open-test-database.js'
import { PostgresLogStore } from './postgres-log-store.js'

describeLogStoreContract({ describe, it, expect, beforeAll, afterAll }, 'PostgreSQL log store (the default)', async () => {
  const { knex, close } = await openTestDatabase()
  // Executions name a flow, but nothing checks that it exists.
  const flowId = randomUUID()
  return {
    store: new PostgresLogStore(knex),
    async addTenant() {
      const tenantId = randomUUID()
      const schema = tenantSchemaName(tenantId)
      await migrateSchema(knex, schema, tenantMigrations)
      // The table the suite's `contractNotesLog` names, as a plugin's tenant migration would make it.
      await knex.schema.withSchema(schema).createTable('contract_notes', (table) => {
        table.uuid('id').primary()
        table.uuid('owner_id').notNullable()
        table.text('body').notNullable().defaultTo('')
        table.integer('rank').notNullable().defaultTo(0)
        table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      })
      return tenantId
    },
    async addExecution(tenantId) {
      const [{ id }] = await knex('executions')
        .withSchema(tenantSchemaName(tenantId))
        .insert({ flowId, flowVersion: 1, status: 'running', trigger: 'manual' })
        .returning('id')
      return id
    },
    close
  }
})
