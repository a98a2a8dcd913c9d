import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { createKnex } from './create-knex.js'
import { PreparedStatements } from './prepared-statements.js'
import { openTestDatabase, type TestDatabase } from '../../test/open-test-database.js'
import { freshPostgresDatabase, type FreshDatabase } from '../../test/fresh-postgres-database.js'
import { tenantMigrations } from '../../migrations/index.js'
import { migrateSchema } from './migrate.js'
import { emptyChanges } from '../executor/persistence/execution-changes.js'
import { GroupCommitWriter, PendingChanges } from '../executor/persistence/group-commit-writer.js'
import { PostgresExecutionEventLog } from '../stores/postgres-execution-event-log.js'

const statement = (n: number) => `select ?::integer + ${n} as sum, ?::text as label from ??.pg_class limit 1`

describe('PreparedStatements', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openTestDatabase()
  })
  afterAll(() => database.close())

  it('answers like knex.raw and fires knex’s query event for each statement', async () => {
    const statements = new PreparedStatements(database.knex)
    const seen: string[] = []
    const record = (query: { sql: string }) => void seen.push(query.sql)
    database.knex.on('query', record)
    const first = await statements.run(statement(1), [41, 'a', 'pg_catalog'])
    const again = await statements.run(statement(1), [1, 'b', 'pg_catalog'])
    database.knex.off('query', record)
    expect(first.rows).toEqual([{ sum: 42, label: 'a' }])
    expect(again.rows).toEqual([{ sum: 2, label: 'b' }])
    expect(seen).toHaveLength(2)
    expect(seen[0]).toContain('"pg_catalog".pg_class')
  })

  it('passes on the database’s errors', async () => {
    const statements = new PreparedStatements(database.knex)
    await expect(statements.run('select ?::integer as n', ['not a number'])).rejects.toThrow(/invalid input syntax for type integer/)
  })
})

// Named statements live on a PostgreSQL server's connections; PGlite runs them unprepared.
describe.runIf(process.env.DATABASE_URL)('PreparedStatements on a PostgreSQL server', () => {
  let fresh: FreshDatabase
  let knex: Knex
  beforeAll(async () => {
    fresh = await freshPostgresDatabase(process.env.DATABASE_URL!)
    // One connection, so every statement and the look at pg_prepared_statements share it.
    knex = await createKnex({ databaseUrl: fresh.url, poolMax: 1 })
  })
  afterAll(async () => {
    await knex.destroy()
    await fresh.drop()
  })

  const prepared = async () =>
    ((await knex.raw(`select name, statement from pg_prepared_statements where name like 'troupe\\_%'`)) as { rows: Array<{ name: string; statement: string }> })
      .rows

  it('prepares a statement once per connection and keeps at most the most recently used', async () => {
    const statements = new PreparedStatements(knex, { maxPerConnection: 2 })
    await statements.run(statement(1), [1, 'x', 'pg_catalog'])
    await statements.run(statement(1), [2, 'y', 'pg_catalog'])
    expect(await prepared()).toHaveLength(1)
    // Planned once, not for each call.
    expect(((await knex.raw('show plan_cache_mode')) as { rows: Array<{ plan_cache_mode: string }> }).rows[0].plan_cache_mode).toBe('force_generic_plan')

    await statements.run(statement(2), [1, 'x', 'pg_catalog'])
    await statements.run(statement(1), [1, 'x', 'pg_catalog'])
    await statements.run(statement(3), [1, 'x', 'pg_catalog'])
    // The second statement was the least recently used: deallocated.
    const kept = (await prepared()).map((row) => row.statement)
    expect(kept).toHaveLength(2)
    expect(kept.some((text) => text.includes('+ 1 as sum'))).toBe(true)
    expect(kept.some((text) => text.includes('+ 3 as sum'))).toBe(true)
    // Deallocated and used again: prepared anew.
    expect((await statements.run(statement(2), [40, 'z', 'pg_catalog'])).rows).toEqual([{ sum: 42, label: 'z' }])
  })

  it('prepares a statement anew when a migration changed the columns it returns', async () => {
    await knex.raw('create table widgets (id integer primary key)')
    await knex.raw('insert into widgets values (1)')
    const statements = new PreparedStatements(knex)
    const read = 'select * from ??.widgets where id = ?'
    expect((await statements.run(read, ['public', 1])).rows).toEqual([{ id: 1 }])
    // What another instance's migration does while this one runs.
    await knex.raw(`alter table widgets add column colour text not null default 'red'`)
    expect((await statements.run(read, ['public', 1])).rows).toEqual([{ id: 1, colour: 'red' }])
  })

  it('plans the executor’s write by primary key even while a new tenant’s tables are nearly empty', async () => {
    const schema = 'tenant_00000000000000000000000000000001'
    await migrateSchema(knex, schema, tenantMigrations)
    const [{ id: flowId }] = await knex('flows').withSchema(schema).insert({ name: 'f' }).returning('id')
    const [{ id: executionId }] = await knex('executions').withSchema(schema).insert({ flowId, flowVersion: 1, status: 'queued', trigger: 'manual', runnerId: 'me' }).returning('id')
    const writer = new GroupCommitWriter(new PreparedStatements(knex), 'me', new PostgresExecutionEventLog(knex))
    const changes = emptyChanges(executionId)
    changes.events.push({ executionId, seq: 1, type: 'node.started', nodeId: 'a', data: {}, createdAt: new Date() })
    changes.nodes.set('a', { status: 'running' })
    await writer.write({ tenantId: '00000000-0000-0000-0000-000000000001', tenantSchema: schema }, new PendingChanges(changes))

    // The plan made at that first call is the one every later call uses, however big the table grows.
    const [{ name, statement }] = (await prepared()).filter((row) => row.statement.startsWith('with fenced'))
    const parameters = Math.max(...[...statement.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])))
    const literals = Array.from({ length: parameters }, (_, i) => (i === 0 || i === 3 ? `'{}'` : i === 1 || i === 4 ? `'me'` : `'[]'`))
    const plan = ((await knex.raw(`explain execute "${name}"(${literals.join(', ')})`)) as { rows: Array<Record<string, string>> }).rows
      .map((row) => row['QUERY PLAN'])
      .join('\n')
    expect(plan).toMatch(/Index Scan on executions_pkey|Index Scan using executions_pkey/)
    expect(plan).not.toMatch(/Seq Scan on executions/)
    // The setting does not outlive the preparation.
    expect(((await knex.raw('show enable_seqscan')) as { rows: Array<{ enable_seqscan: string }> }).rows[0].enable_seqscan).toBe('on')
  })

  it('runs unprepared when disabled (a pooler in transaction mode)', async () => {
    await knex.raw('deallocate all')
    const statements = new PreparedStatements(knex, { enabled: false })
    expect((await statements.run(statement(4), [38, 'w', 'pg_catalog'])).rows).toEqual([{ sum: 42, label: 'w' }])
    expect(await prepared()).toEqual([])
  })
})
