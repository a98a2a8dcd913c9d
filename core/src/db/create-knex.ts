import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import knex, { type Knex } from 'knex'
import ClientPgLite from 'knex-pglite'
import { PGlite } from '@electric-sql/pglite'
import { knexSnakeCaseMappers } from 'objection'
import pg from 'pg'

export interface DatabaseOptions {
  /** PostgreSQL server; when absent, an embedded PGlite database is used. */
  databaseUrl?: string
  /** Directory of the embedded database (ignored with `databaseUrl` or `pglite`). */
  dataDir?: string
  /** An already opened PGlite instance (tests clone one from a snapshot). */
  pglite?: PGlite
  poolMax?: number
}

// bigint counts (count(*)) come back as strings by default; they always fit a JS number here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value))

/**
 * One knex for both engines: the same SQL, migrations and schema-per-tenant layout run on the
 * embedded PGlite and on a PostgreSQL server. Columns are snake_case in SQL, camelCase in code.
 */
export async function createKnex(options: DatabaseOptions): Promise<Knex> {
  const mappers = knexSnakeCaseMappers()
  if (options.databaseUrl) {
    return knex({
      client: 'pg',
      connection: options.databaseUrl,
      pool: { min: 0, max: options.poolMax ?? 10 },
      ...mappers
    })
  }
  let pglite = options.pglite
  if (!pglite) {
    const dir = path.join(options.dataDir ?? './data', 'pglite')
    await mkdir(dir, { recursive: true })
    pglite = new PGlite(dir, { parsers: { 20: (value: string) => Number(value) } })
  }
  await pglite.waitReady
  return knex({
    client: ClientPgLite as unknown as typeof knex.Client,
    dialect: 'postgres',
    connection: { pglite } as Knex.StaticConnectionConfig,
    ...mappers
  })
}
