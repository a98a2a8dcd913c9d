import type { Knex } from 'knex'
import { controlMigrations } from '../../migrations/index.js'
import { migrateSchema, type SchemaMigration } from './migrate.js'

export interface MigrationReport {
  control: string[]
  tenants: Record<string, string[]>
}

/** Brings the control schema and then every tenant schema to the latest migration. */
export async function migrateAll(knex: Knex, tenantMigrations: SchemaMigration[]): Promise<MigrationReport> {
  const control = await migrateSchema(knex, 'public', controlMigrations)
  const tenants: Record<string, string[]> = {}
  const rows = (await knex('tenants').withSchema('public').select('schemaName')) as Array<{ schemaName: string }>
  for (const { schemaName } of rows) {
    tenants[schemaName] = await migrateSchema(knex, schemaName, tenantMigrations)
  }
  return { control, tenants }
}
