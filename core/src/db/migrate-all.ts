import type { Knex } from 'knex'
import { controlMigrations } from '../../migrations/index.js'
import { migrateSchema, type SchemaMigration } from './migrate.js'

export interface MigrationReport {
  control: string[]
  tenants: Record<string, string[]>
}

/** The advisory lock every process takes while it migrates (any fixed bigint; this spells "troupe"). */
const MIGRATION_LOCK = 0x74726f757065

/**
 * Brings the control schema and then every tenant schema to the latest migration. On a PostgreSQL
 * server, processes that start together (an API and its workers, two replicas) migrate one after
 * the other under an advisory lock: knex's migrator checks for its own tables and then creates
 * them, and two processes on a fresh database both saw none. The embedded database has one
 * process, and one connection that the lock would hold.
 */
export async function migrateAll(knex: Knex, tenantMigrations: SchemaMigration[]): Promise<MigrationReport> {
  if (knex.client.config.client !== 'pg') return migrateUnlocked(knex, tenantMigrations)
  return knex.transaction(async (trx) => {
    // Held by this transaction's connection until it ends; the migrations run on others of the pool.
    await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK])
    return migrateUnlocked(knex, tenantMigrations)
  })
}

async function migrateUnlocked(knex: Knex, tenantMigrations: SchemaMigration[]): Promise<MigrationReport> {
  const control = await migrateSchema(knex, 'public', controlMigrations)
  const tenants: Record<string, string[]> = {}
  const rows = (await knex('tenants').withSchema('public').select('schemaName')) as Array<{ schemaName: string }>
  for (const { schemaName } of rows) {
    tenants[schemaName] = await migrateSchema(knex, schemaName, tenantMigrations)
  }
  return { control, tenants }
}
