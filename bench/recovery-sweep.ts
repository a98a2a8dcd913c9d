/**
 * Recovery sweep with 1 000 idle tenants (no queued or running execution) and 5 active ones:
 * the database time one sweep takes, and per minute at the default lease (a sweep every 15 s per
 * process that runs executions), the way the tree before the execution store swept (every tenant
 * schema, one claiming UPDATE each) against the store's (the control schema's index of tenants
 * with active executions, one claim for each of those). Same database, same run.
 * Run: node --import tsx bench/recovery-sweep.ts   (PostgreSQL: set DATABASE_URL)
 */
import { performance } from 'node:perf_hooks'
import { PGlite } from '@electric-sql/pglite'
import { createKnex } from '../core/src/db/create-knex.js'
import { migrateSchema } from '../core/src/db/migrate.js'
import { PreparedStatements } from '../core/src/db/prepared-statements.js'
import { tenantSchemaName } from '../core/src/db/tenant-schema.js'
import { ExecutionStore } from '../core/src/executor/store/execution-store.js'
import { controlMigrations, tenantMigrations } from '../core/migrations/index.js'
import { freshPostgresDatabase } from '../core/test/fresh-postgres-database.js'
import { median } from './lib/median.js'
import { header, line, machine } from './lib/report.js'

const IDLE_TENANTS = 1000
const ACTIVE_TENANTS = 5
const SWEEPS = 7
const SWEEPS_PER_MINUTE = 4

const database = process.env.DATABASE_URL ? await freshPostgresDatabase(process.env.DATABASE_URL, 'troupe_sweep') : undefined
const knex = database ? await createKnex({ databaseUrl: database.url }) : await createKnex({ pglite: new PGlite() })
header(`recovery sweep on ${database ? 'postgresql' : 'pglite'}: ${IDLE_TENANTS} idle tenants and ${ACTIVE_TENANTS} with a running execution`)
machine()

await migrateSchema(knex, 'public', controlMigrations)
const template = 'tenant_sweep_template'
await migrateSchema(knex, template, tenantMigrations)
const tenantIds: string[] = []
const started = performance.now()
for (let index = 0; index < IDLE_TENANTS + ACTIVE_TENANTS; index++) {
  const [{ id }] = (await knex('tenants').withSchema('public').insert({ name: `t${index}`, schemaName: `pending_${index}` }).returning('id')) as Array<{ id: string }>
  const schema = tenantSchemaName(id)
  await knex('tenants').withSchema('public').where({ id }).update({ schemaName: schema })
  // The executions table as the tenant migrations make it (columns and indexes): what a sweep touches.
  await knex.raw('create schema ??', [schema])
  await knex.raw('create table ??.executions (like ??.executions including all)', [schema, template])
  tenantIds.push(id)
}
line('tenants created (executions table each)', performance.now() - started, 'ms')

const store = new ExecutionStore(knex, new PreparedStatements(knex), 100)
const claim = () => ({ runnerId: 'bench', leaseUntil: new Date(Date.now() + 30_000) })
// The active tenants each have a running execution whose lease is held (nothing to take over).
for (const id of tenantIds.slice(IDLE_TENANTS)) {
  await knex('executions').withSchema(tenantSchemaName(id)).insert({ status: 'running', trigger: 'manual', input: '{}', runnerId: 'alive', leaseUntil: new Date(Date.now() + 3_600_000), graph: '{}' })
}

/** The sweep before the store: every tenant of the control schema, one claim each. */
async function sweepEveryTenant() {
  const tenants = (await knex('tenants').withSchema('public').select('id')) as Array<{ id: string }>
  for (const { id } of tenants) await store.claim(tenantSchemaName(id), claim())
}

/** The store's sweep (`LeaseKeeper`): the tenants of the index, one claim each; those left idle leave the index. */
async function sweepActiveTenants() {
  for (const id of await store.tenantsWithActiveExecutions()) {
    const claimed = await store.claim(tenantSchemaName(id), claim())
    if (!claimed.length) await store.forgetIfIdle(id)
  }
}

// The index starts with every tenant, as the migration fills it, marked longer ago than the grace
// (as on a server up for more than a few seconds); the first sweep clears the idle ones.
await knex.raw("insert into public.active_executions (tenant_id) select id from public.tenants on conflict do nothing")
await knex.raw("update public.active_executions set marked_at = now() - interval '1 hour'")
let queries = 0
knex.on('query', () => queries++)
const measure = async (sweep: () => Promise<void>) => {
  const times: number[] = []
  const counts: number[] = []
  for (let round = 0; round < SWEEPS; round++) {
    const before = queries
    const start = performance.now()
    await sweep()
    times.push(performance.now() - start)
    counts.push(queries - before)
  }
  return { times, queries: counts }
}
const index = await measure(sweepActiveTenants)
const everyTenant = await measure(sweepEveryTenant)
const indexAgain = await measure(sweepActiveTenants)

line('before (every tenant): ms per sweep, median', median(everyTenant.times))
line('before: statements per sweep', median(everyTenant.queries))
line('store (index): first sweep (clears the idle tenants), ms', index.times[0])
line('store: ms per sweep afterwards, median', median([...index.times.slice(1), ...indexAgain.times]))
line('store: statements per sweep afterwards', median([...index.queries.slice(1), ...indexAgain.queries]))
line('before: database time per minute per process', (median(everyTenant.times) * SWEEPS_PER_MINUTE) / 1000, 's')
line('store: database time per minute per process', (median([...index.times.slice(1), ...indexAgain.times]) * SWEEPS_PER_MINUTE) / 1000, 's')
line('ratio, store / before (lower is better)', median([...index.times.slice(1), ...indexAgain.times]) / median(everyTenant.times))

await knex.destroy()
await database?.drop()
