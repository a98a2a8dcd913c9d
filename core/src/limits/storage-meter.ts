import type { Knex } from 'knex'
import { LRUCache } from 'lru-cache'
import type { Logger } from 'pino'

/** The tables of a tenant's schema that hold its execution history. */
export const executionHistoryTables = ['executions', 'execution_nodes', 'execution_events'] as const

/** What PostgreSQL spends on a row beyond its columns (the tuple header and its line pointer). */
const rowOverheadBytes = 28

interface MeterContext {
  schema: string
  limit: number
}

/**
 * How many bytes a tenant's execution history takes, measured off the hot path. The usual
 * measure is the tables' size on disk with their TOAST data and indexes
 * (`pg_total_relation_size`: catalog lookups, whatever the tables hold). PostgreSQL keeps the
 * space of deleted rows for reuse instead of shrinking its files, so once that size passes the
 * tenant's limit the rows themselves are measured: removed executions then count as freed at
 * once. That costs a scan of the tables' main data (not of their TOAST), which only a tenant at
 * its limit pays for, at most once per `refreshMs`.
 *
 * A figure is at most `refreshMs` old: a stale one is answered while a fresh one is measured in
 * the background, so callers never wait for a measure except the first one of a tenant.
 */
export class StorageMeter {
  private readonly cache: LRUCache<string, number, MeterContext>

  constructor(
    private readonly knex: Knex,
    private readonly logger: Logger,
    { refreshMs = 10_000, max = 10_000 } = {}
  ) {
    this.cache = new LRUCache<string, number, MeterContext>({
      max,
      ttl: refreshMs,
      allowStale: true,
      allowStaleOnFetchRejection: true,
      fetchMethod: async (tenantId, _stale, { context }) => {
        try {
          return await this.measure(context.schema, context.limit)
        } catch (error) {
          this.logger.error({ err: error, tenantId }, 'measuring the stored bytes of a tenant failed')
          throw error
        }
      }
    })
  }

  /** The bytes the tenant's execution history takes; `limit` is the tenant's quota (above it, rows are measured). */
  async storedBytes(tenant: { tenantId: string; tenantSchema: string }, limit: number): Promise<number> {
    return (await this.cache.fetch(tenant.tenantId, { context: { schema: tenant.tenantSchema, limit } }))!
  }

  /** The next `storedBytes` of the tenant measures again (its executions were removed, or its quota changed). */
  forget(tenantId: string): void {
    this.cache.delete(tenantId)
  }

  async measure(schema: string, limit: number): Promise<number> {
    const onDisk = await this.onDisk(schema)
    return onDisk > limit ? this.inRows(schema) : onDisk
  }

  private async onDisk(schema: string): Promise<number> {
    const { rows } = await this.knex.raw(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as bytes
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ? and c.relkind = 'r' and c.relname in (${executionHistoryTables.map(() => '?').join(', ')})`,
      [schema, ...executionHistoryTables]
    )
    return Number(rows[0].bytes)
  }

  /** Each column's stored size (compressed, TOAST included, without reading it), per live row. */
  private async inRows(schema: string): Promise<number> {
    let total = 0
    for (const table of executionHistoryTables) {
      const { rows: columns } = await this.knex.raw(
        `select a.attname as name from pg_attribute a
          where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped`,
        [`"${schema}"."${table}"`]
      )
      if (columns.length === 0) continue
      const sizes = (columns as Array<{ name: string }>).map(() => 'coalesce(pg_column_size(??), 0)').join(' + ')
      const { rows } = await this.knex.raw(`select coalesce(sum(${rowOverheadBytes} + ${sizes}), 0)::text as bytes from ??.??`, [
        ...(columns as Array<{ name: string }>).map(({ name }) => name),
        schema,
        table
      ])
      total += Number(rows[0].bytes)
    }
    return total
  }
}
