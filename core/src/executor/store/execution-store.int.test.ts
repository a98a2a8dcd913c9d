import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { controlMigrations, tenantMigrations } from '../../../migrations/index.js'
import { migrateSchema } from '../../db/migrate.js'
import { PreparedStatements } from '../../db/prepared-statements.js'
import { tenantSchemaName } from '../../db/tenant-schema.js'
import { openTestDatabase, type TestDatabase } from '../../../test/open-test-database.js'
import { ExecutionStore } from './execution-store.js'
import type { FlowShape } from '../graph/flow-shapes.js'

let knex: Knex
let database: TestDatabase
let store: ExecutionStore
const tenantId = '00000000-0000-4000-8000-0000000000a1'
const schema = tenantSchemaName(tenantId)
const graph: FlowShape = { nodes: [{ id: 'run', type: 'crew.run', params: {} }], edges: [] } as unknown as FlowShape

beforeAll(async () => {
  database = await openTestDatabase()
  knex = database.knex
  await migrateSchema(knex, 'public', controlMigrations)
  await knex('tenants').withSchema('public').insert({ id: tenantId, name: 'store test', schemaName: schema, maxConcurrentExecutions: 2 })
  await migrateSchema(knex, schema, tenantMigrations)
  store = new ExecutionStore(knex, new PreparedStatements(knex), 100)
})
afterAll(async () => {
  await database?.close()
})

const graphRun = () => store.insert(tenantId, { graph, crewId: null, trigger: 'manual', input: {}, startedBy: null, runnerId: null, leaseUntil: null, quota: true })

describe('ExecutionStore', () => {
  it('stores graph runs under the tenant quota in the insert statement itself, and marks the tenant active', async () => {
    const outcomes = await Promise.all([graphRun(), graphRun(), graphRun()])
    expect(outcomes.map((outcome) => ('stored' in outcome ? outcome.stored.status : outcome.refused))).toEqual(['queued', 'queued', 'quota'])
    expect(await store.tenantsWithActiveExecutions()).toContain(tenantId)
  })

  it('keeps a tenant in the recovery index while it has active executions, and drops it once it has none', async () => {
    await store.forgetIfIdle(tenantId, new Date(Date.now() + 60_000))
    expect(await store.tenantsWithActiveExecutions()).toContain(tenantId)
    for (const id of await store.activeIds(schema)) await store.cancel(schema, id)
    // Marked after the sweep began: kept, an execution may be on its way.
    await store.forgetIfIdle(tenantId, new Date(Date.now() - 60_000))
    expect(await store.tenantsWithActiveExecutions()).toContain(tenantId)
    await store.forgetIfIdle(tenantId, new Date(Date.now() + 60_000))
    expect(await store.tenantsWithActiveExecutions()).not.toContain(tenantId)
    // The next execution puts it back, in its own statement.
    expect('stored' in (await graphRun())).toBe(true)
    expect(await store.tenantsWithActiveExecutions()).toContain(tenantId)
  })

  it('claims only expired or unclaimed executions, counting takeovers, and renews only its own', async () => {
    const [execution] = await store.activeIds(schema)
    const past = { runnerId: 'a', leaseUntil: new Date(Date.now() - 1000) }
    expect(await store.claim(schema, past, { ids: [execution] })).toHaveLength(1)
    const [taken] = await store.claim<{ id: string; takeovers: number; runnerId: string }>(schema, { runnerId: 'b', leaseUntil: new Date(Date.now() + 60_000) }, { ids: [execution] })
    expect(taken).toMatchObject({ id: execution, takeovers: 1, runnerId: 'b' })
    expect(await store.claim(schema, { runnerId: 'c', leaseUntil: new Date(Date.now() + 60_000) }, { ids: [execution] })).toEqual([])
    expect(await store.renew(schema, [execution], { runnerId: 'a', leaseUntil: new Date() })).toEqual(new Map())
    expect(await store.renew(schema, [execution], { runnerId: 'b', leaseUntil: new Date(Date.now() + 60_000) })).toEqual(new Map([[execution, 'queued']]))
  })
})
