import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { PGlite } from '@electric-sql/pglite'
import { createKnex } from '../src/db/create-knex.js'
import { migrateAll } from '../src/db/migrate-all.js'
import { tenantMigrations } from '../migrations/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string
  }
}

/**
 * Creating a PGlite database takes seconds; cloning a migrated snapshot takes ~0.5 s.
 * So the control schema is migrated once here and every test server starts from a copy.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-test-'))
  const pglite = new PGlite()
  const knex = await createKnex({ pglite })
  await migrateAll(knex, tenantMigrations)
  const snapshot = await pglite.dumpDataDir('none')
  const file = path.join(dir, 'snapshot.tar')
  await writeFile(file, Buffer.from(await snapshot.arrayBuffer()))
  await knex.destroy()
  project.provide('pgliteSnapshot', file)
  return async () => rm(dir, { recursive: true, force: true })
}
