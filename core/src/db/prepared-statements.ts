import { createHash } from 'node:crypto'
import type { Knex } from 'knex'

export interface StatementResult {
  rows: Array<Record<string, unknown>>
}

/** The parts of a node-postgres client this uses. */
interface PgConnection {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<StatementResult>
  /** node-postgres's record of the statements this connection has prepared, by name. */
  connection?: { parsedStatements?: Record<string, string> }
}

/**
 * Runs the executor's hot statements as named (server-side prepared) statements on a PostgreSQL
 * server: each is parsed, analysed and planned once per connection instead of on every call (the
 * connection's `plan_cache_mode` is `force_generic_plan`). Those statements are big (one CTE per
 * table they write): parsing, analysing and planning them was ~40 % of PostgreSQL's CPU per
 * execution.
 *
 * A statement is named after a hash of its text, which names the tenant schema: each connection
 * keeps at most `maxPerConnection` of them and deallocates the least recently used. On PGlite, or
 * with `enabled: false` (a pooler in transaction mode that cannot keep prepared statements, such
 * as PgBouncer before 1.21), statements run unprepared through `knex.raw`. Either way, knex's
 * `query` event fires for each statement.
 */
export class PreparedStatements {
  /** The names prepared on each connection, least recently used first. */
  private readonly names = new WeakMap<PgConnection, Set<string>>()
  private readonly enabled: boolean
  private readonly maxPerConnection: number

  constructor(
    private readonly knex: Knex,
    { enabled = true, maxPerConnection = 50 }: { enabled?: boolean; maxPerConnection?: number } = {}
  ) {
    this.enabled = enabled && knex.client.config.client === 'pg'
    this.maxPerConnection = maxPerConnection
  }

  async run(sql: string, bindings: readonly Knex.RawBinding[]): Promise<StatementResult> {
    if (!this.enabled) return (await this.knex.raw(sql, bindings as Knex.RawBinding[])) as unknown as StatementResult
    const native = this.knex.raw(sql, bindings as Knex.RawBinding[]).toSQL().toNative()
    const name = `troupe_${createHash('sha1').update(native.sql).digest('hex').slice(0, 24)}`
    const connection = (await this.knex.client.acquireConnection()) as PgConnection
    const query = { name, text: native.sql, values: native.bindings as unknown[] }
    try {
      await this.remember(connection, name)
      this.knex.client.emit('query', { method: 'raw', sql: native.sql, bindings: native.bindings, options: {} })
      try {
        return await this.execute(connection, query)
      } catch (error) {
        // A migration changed a table a `returning *` reads since this connection prepared it
        // (another instance upgraded first): prepare it anew, once.
        if (!isStaleResultType(error)) throw error
        await this.forget(connection, name)
        return await this.execute(connection, query)
      }
    } finally {
      await this.knex.client.releaseConnection(connection)
    }
  }

  /**
   * Runs `query`, planning it without sequential scans when this connection prepares it: a generic
   * plan is made once, at the first execution, and a new tenant's tables are nearly empty then. A
   * plan made for an empty `executions` table reads it whole, and would keep doing so as the table
   * grows until an `analyze` invalidates it; every one of these statements reaches its rows by key.
   * A plan PostgreSQL makes again later (after an `analyze` or a migration) has statistics to go by.
   */
  private async execute(connection: PgConnection, query: { name: string; text: string; values: unknown[] }) {
    const prepared = connection.connection?.parsedStatements
    if (prepared && query.name in prepared) return connection.query(query)
    await connection.query({ text: 'set enable_seqscan = off' })
    try {
      return await connection.query(query)
    } finally {
      await connection.query({ text: 'reset enable_seqscan' })
    }
  }

  /** Marks `name` as just used on `connection`, deallocating the least recently used past the limit. */
  private async remember(connection: PgConnection, name: string) {
    let names = this.names.get(connection)
    if (!names) {
      this.names.set(connection, (names = new Set()))
      // Planned once: the plans these statements get do not depend on their parameters (primary
      // keys and JSON recordsets), and PostgreSQL's `auto` mode kept planning the write afresh.
      // Only named statements (these; knex never names one) and PL/pgSQL (Troupe has none) use it.
      await connection.query({ text: 'set plan_cache_mode = force_generic_plan' })
    }
    names.delete(name)
    names.add(name)
    while (names.size > this.maxPerConnection) {
      const oldest = names.values().next().value as string
      names.delete(oldest)
      await this.forget(connection, oldest)
    }
  }

  /** Deallocates `name` on `connection`, if it was prepared there (a failed preparation was not). */
  private async forget(connection: PgConnection, name: string) {
    const prepared = connection.connection?.parsedStatements
    if (!prepared || !(name in prepared)) return
    await connection.query({ text: `deallocate "${name}"` })
    delete prepared[name]
  }
}

/** PostgreSQL's answer to a prepared statement whose result columns changed (SQLSTATE 0A000). */
function isStaleResultType(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '')
}
