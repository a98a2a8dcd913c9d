import { readFile } from 'node:fs/promises'
import type { Knex } from 'knex'
import { PGlite } from '@electric-sql/pglite'
import { inject } from 'vitest'
import { createKnex } from '../src/db/create-knex.js'
import { freshPostgresDatabase } from './fresh-postgres-database.js'

export interface TestDatabase {
  knex: Knex
  /** Closes the connection and drops the database (the PGlite clone just goes away). */
  close(): Promise<void>
}

/**
 * A database of the test's own: a fresh one on the PostgreSQL server when DATABASE_URL names one
 * (as in CI), else a clone of the migrated PGlite snapshot the global setup made.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const database = process.env.DATABASE_URL ? await freshPostgresDatabase(process.env.DATABASE_URL) : undefined
  const knex = database
    ? await createKnex({ databaseUrl: database.url })
    : await createKnex({ pglite: new PGlite({ loadDataDir: new Blob([await readFile(inject('pgliteSnapshot'))]) }) })
  return {
    knex,
    async close() {
      await knex.destroy()
      await database?.drop()
    }
  }
}
