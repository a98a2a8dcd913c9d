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

const graphRun = () => store.insert(tenantId, { graph, entry: null, trigger: 'manual', input: {}, startedBy: null, runnerId: null, leaseUntil: null, quota: true })

describe('ExecutionStore', () => {
  it('stores graph runs under the tenant quota in the insert statement itself, and marks the tenant active', async () => {
    const outcomes = await Promise.all([graphRun(), graphRun(), graphRun()])
    expect(outcomes.map((outcome) => ('stored' in outcome ? outcome.stored.status : outcome.refused))).toEqual(['queued', 'queued', 'quota'])
    expect(await store.tenantsWithActiveExecutions()).toContain(tenantId)
  })

  it('keeps a tenant in the recovery index while it has active executions, and drops it once it has none', async () => {
    await store.forgetIfIdle(tenantId, 0)
    expect(await store.tenantsWithActiveExecutions()).toContain(tenantId)
    for (const id of await store.activeIds(schema)) await store.cancel(schema, id)
    // Marked within the grace: kept, an execution may be on its way.
    await store.forgetIfIdle(tenantId, 60_000)
    expect(await store.tenantsWithActiveExecutions()).toContain(tenantId)
    await store.forgetIfIdle(tenantId, 0)
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

  it('prunes ended executions past their retention, oldest first, with their node states and events, and nothing else', async () => {
    const other = '00000000-0000-4000-8000-0000000000b2'
    const otherSchema = tenantSchemaName(other)
    await knex('tenants').withSchema('public').insert({ id: other, name: 'other', schemaName: otherSchema })
    await migrateSchema(knex, otherSchema, tenantMigrations)
    const day = 24 * 3600_000
    const insertRun = async (target: string, status: string, ageDays: number) => {
      const [{ id }] = (await knex('executions')
        .withSchema(target)
        .insert({ status, trigger: 'manual', input: '{}', graph: '{}', createdAt: new Date(Date.now() - ageDays * day) })
        .returning('id')) as Array<{ id: string }>
      await knex('executionNodes').withSchema(target).insert({ executionId: id, nodeId: 'n', status: 'succeeded' })
      return id
    }
    for (const target of [schema, otherSchema]) await knex('executions').withSchema(target).whereNotIn('status', ['queued', 'running']).delete()
    const oldSucceeded = await insertRun(schema, 'succeeded', 20)
    const oldFailed = await insertRun(schema, 'failed', 20)
    const veryOldFailed = await insertRun(schema, 'failed', 40)
    const oldButRunning = await insertRun(schema, 'running', 50)
    const recent = await Promise.all([1, 2, 3].map((age) => insertRun(schema, 'succeeded', age)))
    const othersOld = await insertRun(otherSchema, 'succeeded', 20)
    const removedEvents: string[][] = []
    const eventLog = { removeExecutions: async (_tenant: string, ids: string[]) => void removedEvents.push(ids) } as never

    const removed = await store.pruneHistory(tenantId, { maxAgeDays: 14, failedMaxAgeDays: 30, maxCount: 1000 }, eventLog)
    expect(removed).toEqual({ executions: 2, nodes: 2 })
    expect(removedEvents.flat().sort()).toEqual([oldSucceeded, veryOldFailed].sort())
    const left = (await knex('executions').withSchema(schema).pluck('id')) as string[]
    expect(left).toEqual(expect.arrayContaining([oldFailed, oldButRunning, ...recent]))
    expect(left).not.toContain(oldSucceeded)
    expect(await knex('executionNodes').withSchema(schema).whereIn('executionId', [oldSucceeded, veryOldFailed])).toEqual([])
    expect(await knex('executions').withSchema(otherSchema).where({ id: othersOld }).first()).toBeTruthy()

    // By count: the newest two ended ones stay, the running one too; in batches of one.
    let total = 0
    for (let round = 0; round < 10; round++) total += (await store.pruneHistory(tenantId, { maxAgeDays: 14, failedMaxAgeDays: 30, maxCount: 2 }, eventLog, 1)).executions
    expect(total).toBe(2)
    expect(((await knex('executions').withSchema(schema).pluck('id')) as string[]).sort()).toEqual([oldButRunning, recent[0], recent[1], ...(await store.activeIds(schema)).filter((id) => id !== oldButRunning)].sort())
  })

  it('hands out tenants due for pruning to one pruner at a time, the longest unpruned first', async () => {
    const first = await store.tenantsDueForPruning(1)
    const second = await store.tenantsDueForPruning(1)
    expect(first).toHaveLength(1)
    expect(second).toHaveLength(1)
    expect(second[0].tenantId).not.toBe(first[0].tenantId)
    expect(first[0].limits).toEqual({ historyMaxAgeDays: null, historyFailedMaxAgeDays: null, historyMaxCount: null })
  })
})

