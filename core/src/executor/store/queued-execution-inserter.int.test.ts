import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { controlMigrations, tenantMigrations } from '../../../migrations/index.js'
import { migrateSchema } from '../../db/migrate.js'
import { PreparedStatements } from '../../db/prepared-statements.js'
import { openTestDatabase, type TestDatabase } from '../../../test/open-test-database.js'
import { QueuedExecutionInserter, type QueuedExecutionValues } from './queued-execution-inserter.js'

const schema = 'tenant_inserter_test'
// No tenant row of this id: its quota is the default one.
const tenantId = '00000000-0000-4000-8000-000000000001'
let knex: Knex
let database: TestDatabase
let flowId: string

beforeAll(async () => {
  database = await openTestDatabase()
  knex = database.knex
  await migrateSchema(knex, 'public', controlMigrations)
  await migrateSchema(knex, schema, tenantMigrations)
  ;[{ id: flowId }] = await knex('flows').withSchema(schema).insert({ name: 'f', version: 3 }).returning('id')
})
afterAll(async () => {
  await database?.close()
})

const values = (quota: boolean, flowVersion = 3): QueuedExecutionValues => ({
  flowId,
  flowVersion,
  trigger: 'webhook',
  input: { n: 1 },
  startedBy: null,
  runnerId: 'me',
  leaseUntil: new Date(),
  quota
})

describe('QueuedExecutionInserter', () => {
  it('stores executions started together in one statement, refusing those past the quota and those of a changed flow', async () => {
    const inserter = new QueuedExecutionInserter(new PreparedStatements(knex), 2)
    let statements = 0
    const count = () => void statements++
    knex.on('query', count)
    const outcomes = await Promise.all([
      inserter.insert(schema, tenantId, values(true)),
      inserter.insert(schema, tenantId, values(true, 2)),
      inserter.insert(schema, tenantId, values(true)),
      inserter.insert(schema, tenantId, values(false)),
      inserter.insert(schema, tenantId, values(true))
    ])
    knex.off('query', count)
    expect(statements).toBe(1)
    expect(outcomes.map((outcome) => ('stored' in outcome ? outcome.stored.status : outcome.refused))).toEqual([
      'queued',
      'flow-changed',
      'queued',
      'queued',
      'quota'
    ])
    expect(outcomes[4]).toEqual({ refused: 'quota', limit: 2 })
    expect('stored' in outcomes[0] && outcomes[0].stored).toMatchObject({ flowId, flowVersion: 3, trigger: 'webhook', input: { n: 1 }, runnerId: 'me' })
    // Three are queued now: a quota of 2 refuses the next, whatever the batch.
    expect(await inserter.insert(schema, tenantId, values(true))).toEqual({ refused: 'quota', limit: 2 })
  })
})
