import path from 'node:path'
import knex, { type Knex } from 'knex'
import ClientPgLite from 'knex-pglite'
import { PGlite } from '@electric-sql/pglite'
import { knexSnakeCaseMappers } from 'objection'
import pg from 'pg'
import { createPrivateDir, restrictNewFiles, tighten, warnNotPrivate } from '../config/private-data-dir.js'

export interface DatabaseOptions {
  /** PostgreSQL server; when absent, an embedded PGlite database is used. */
  databaseUrl?: string
  /** Directory of the embedded database (ignored with `databaseUrl` or `pglite`). */
  dataDir?: string
  /** An already opened PGlite instance (tests clone one from a snapshot). */
  pglite?: PGlite
  poolMax?: number
  /** Told when the data directory cannot be made private. */
  logger?: { warn(data: object, message: string): void }
}

// bigint counts (count(*)) come back as strings by default; they always fit a JS number here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value))

/**
 * One knex for both engines: the same SQL, migrations and schema-per-tenant layout run on the
 * embedded PGlite and on a PostgreSQL server. Columns are snake_case in SQL, camelCase in code.
 */
export async function createKnex(options: DatabaseOptions): Promise<Knex> {
  const mappers = knexSnakeCaseMappers()
  // A failed statement's error message gets its SQL with placeholders, not with every bound value
  // written in (knex's default): a large batch made messages, and log lines, of hundreds of MB.
  const common = { ...mappers, compileSqlOnError: false }
  if (options.databaseUrl) {
    return knex({
      client: 'pg',
      connection: options.databaseUrl,
      pool: { min: 0, max: options.poolMax ?? 10 },
      ...common
    })
  }
  let pglite = options.pglite
  if (!pglite) {
    const dataDir = options.dataDir ?? './data'
    const dir = path.join(dataDir, 'pglite')
    await createPrivateDir(dir)
    const restricted = restrictNewFiles()
    pglite = new PGlite(dir, { parsers: { 20: (value: string) => Number(value) } })
    await pglite.waitReady
    // Once PGlite is ready: its first start writes the initial cluster with mode 0666 whatever the
    // umask, and a directory made by an earlier version may be wide open.
    warnNotPrivate(options.logger, [...(await tighten(dataDir)), ...(await tighten(dir, { recursive: true }))], restricted)
  }
  await pglite.waitReady
  return knex({
    client: ClientPgLite as unknown as typeof knex.Client,
    dialect: 'postgres',
    connection: { pglite } as Knex.StaticConnectionConfig,
    ...common
  })
}
