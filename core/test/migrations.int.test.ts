import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlMigrations, tenantMigrations } from '../migrations/index.js'
import { createKnex } from '../src/db/create-knex.js'
import { migrateAll } from '../src/db/migrate-all.js'
import { tenantSchemaName } from '../src/db/tenant-schema.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { freshPostgresDatabase, startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let tenants: TestTenant[]

beforeAll(async () => {
  server = await startTestServer()
  tenants = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
})
afterAll(() => server?.close())

describe('schema per tenant', () => {
  it('keeps each tenant\'s rows in its own schema', async () => {
    const knex = server.app.get('knex')
    const [first, second] = tenants
    await first.admin.http.post('/flows', { name: 'in first' })
    const rows = await knex('flows').withSchema(tenantSchemaName(first.id)).select('name')
    expect(rows.map((row) => row.name)).toContain('in first')
    const other = await knex('flows').withSchema(tenantSchemaName(second.id)).select('name')
    expect(other).toEqual([])
    const inPublic = await knex.raw("select count(*) as n from information_schema.tables where table_schema = 'public' and table_name = 'flows'")
    expect(Number(inPublic.rows[0].n)).toBe(0)
  })

  it('migrates every tenant schema to a newly added migration, once', async () => {
    const knex = server.app.get('knex')
    const migrations = server.app.get('tenantMigrations')
    const added = {
      name: '9999-test-notes',
      up: (db: Knex, schema: string) =>
        db.schema.withSchema(schema).createTable('test_notes', (table) => {
          table.uuid('id').primary()
        }),
      down: (db: Knex, schema: string) => db.schema.withSchema(schema).dropTable('test_notes')
    }
    const report = await migrateAll(knex, [...migrations, added])
    for (const tenant of tenants) {
      expect(report.tenants[tenantSchemaName(tenant.id)]).toEqual(['9999-test-notes'])
      expect(await knex.schema.withSchema(tenantSchemaName(tenant.id)).hasTable('test_notes')).toBe(true)
    }
    const again = await migrateAll(knex, [...migrations, added])
    expect(Object.values(again.tenants).flat()).toEqual([])
  })

  it('drops the new schema again when signup fails half-way', async () => {
    const knex = server.app.get('knex')
    const before = await knex.raw("select count(*) as n from information_schema.schemata where schema_name like 'tenant_%'")
    // Two concurrent signups with one email: exactly one wins, the other leaves nothing behind.
    const body = { tenant: { name: 'Race' }, name: 'Racer', email: 'race@example.test', password: 'long password' }
    const answers = await Promise.all([1, 2].map(() => fetch(`${server.url}/api/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })))
    // The loser gets the neutral answer of a taken address, whichever check caught it.
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400])
    const after = await knex.raw("select count(*) as n from information_schema.schemata where schema_name like 'tenant_%'")
    expect(Number(after.rows[0].n)).toBe(Number(before.rows[0].n) + 1)
  })
})

describe.skipIf(!process.env.DATABASE_URL)('processes that start together on a fresh server database', () => {
  it('migrate one after the other: each gets the whole schema, none fails on the other\'s tables', async () => {
    // The race (knex's migrator checks for its tables, then creates them) is narrow: a few rounds
    // of four pools, like an API and its workers started at once, met it every time without the lock.
    for (let round = 0; round < 5; round++) {
      const database = await freshPostgresDatabase(process.env.DATABASE_URL!)
      const pools = await Promise.all([1, 2, 3, 4].map(() => createKnex({ databaseUrl: database.url })))
      try {
        const reports = await Promise.all(pools.map((knex) => migrateAll(knex, tenantMigrations)))
        // Exactly one of them applied the control migrations; the others found them done.
        expect(reports.map((report) => report.control.length).sort((a, b) => a - b)).toEqual([0, 0, 0, controlMigrations.length])
        const recorded = await pools[0]('knex_migrations').withSchema('public').count('* as n').first()
        expect(Number(recorded!.n)).toBe(controlMigrations.length)
      } finally {
        await Promise.all(pools.map((knex) => knex.destroy()))
        await database.drop()
      }
    }
  }, 120_000)
})
