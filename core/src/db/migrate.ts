import type { Knex } from 'knex'

/** A migration that runs inside one named schema. */
export interface SchemaMigration {
  name: string
  up(knex: Knex, schema: string): Promise<void>
  down?(knex: Knex, schema: string): Promise<void>
}

/** Feeds schema-bound migrations to the knex migrator, which records them in `<schema>.knex_migrations`. */
class SchemaMigrationSource implements Knex.MigrationSource<SchemaMigration> {
  constructor(
    private readonly migrations: SchemaMigration[],
    private readonly schema: string
  ) {}

  async getMigrations() {
    return this.migrations
  }

  getMigrationName(migration: SchemaMigration) {
    return migration.name
  }

  async getMigration(migration: SchemaMigration): Promise<Knex.Migration> {
    return {
      up: (knex) => migration.up(knex, this.schema),
      down: (knex) => (migration.down ? migration.down(knex, this.schema) : Promise.resolve())
    }
  }
}

/** Creates `schema` if needed and brings it to the latest of `migrations`; returns the names applied. */
export async function migrateSchema(knex: Knex, schema: string, migrations: SchemaMigration[]): Promise<string[]> {
  await knex.raw('create schema if not exists ??', [schema])
  const [, applied] = (await knex.migrate.latest({
    schemaName: schema,
    migrationSource: new SchemaMigrationSource(migrations, schema)
  })) as [number, string[]]
  return applied
}
