import type { Knex } from 'knex'
import { pagination } from '@troupe/sdk'
import { executionEventLogOptions, type LogStore, type TenantLogOptions, type TenantLogService } from '@troupe/sdk/plugin'
import { tenantSchemaName } from '../db/tenant-schema.js'
import { PostgresExecutionEventLog } from './postgres-execution-event-log.js'
import { TenantLogTable } from './tenant-log-table.js'

/**
 * The default log store: every log is a table of the tenant's own PostgreSQL schema, created by
 * the core's and the plugins' tenant migrations (so `indexes` and `defaults` are already there).
 */
export class PostgresLogStore implements LogStore {
  readonly name = 'postgres'
  readonly executionEvents: PostgresExecutionEventLog
  private readonly tables = new Set([executionEventLogOptions.name])

  constructor(private readonly knex: Knex) {
    this.executionEvents = new PostgresExecutionEventLog(knex)
  }

  tenantLog<T>(options: TenantLogOptions<T>): TenantLogService<T> {
    this.tables.add(options.name)
    return new TenantLogTable({
      Model: this.knex,
      name: options.name,
      id: options.id ?? 'id',
      paginate: options.paginate ?? { ...pagination }
    }) as unknown as TenantLogService<T>
  }

  /**
   * Empties the tenant's log tables (at once: `truncate`); the erasure then drops the schema. A
   * schema already dropped has nothing left to erase.
   */
  async eraseTenant(tenantId: string): Promise<void> {
    const schema = tenantSchemaName(tenantId)
    if (!(await this.knex('schemata').withSchema('information_schema').where({ schemaName: schema }).first())) return
    const tables = [...this.tables]
    await this.knex.raw(`truncate ${tables.map(() => '??.??').join(', ')}`, tables.flatMap((table) => [schema, table]))
  }

  async close(): Promise<void> {}
}
