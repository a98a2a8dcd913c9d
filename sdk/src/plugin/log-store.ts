import type { TenantTableService } from './define-plugin.js'

/**
 * Where the tenants' logs live: the execution event log, and logs a plugin asks for with
 * `tenantLog` (chat messages). Everything else (tenants, users, flows, executions, node states...)
 * stays in PostgreSQL. The default store keeps the logs in tables of each tenant's PostgreSQL
 * schema; a plugin may contribute another (`contributes.logStores`), chosen by configuration
 * (a setting of the store's plugin picks it: `MONGODB_URL` picks `mongodb`). A store keeps each tenant's records apart from every other's.
 */
export interface LogStore {
  /** Names the store in logs and errors (`postgres`, `mongodb`). */
  readonly name: string
  readonly executionEvents: ExecutionEventLog
  /**
   * A service over one log of every tenant, scoped like `tenantTable` to the tenant of
   * `params.principal` (a call without one fails). The PostgreSQL store serves the table of that
   * name from the plugin's tenant migrations; another store keeps a collection per tenant.
   */
  tenantLog<T = Record<string, unknown>>(options: TenantLogOptions<T>): TenantLogService<T>
  /** Removes every record of the tenant, in every log (its erasure). Other tenants keep theirs. */
  eraseTenant(tenantId: string): Promise<void>
  /** Closes connections (shutdown). */
  close(): Promise<void>
}

/** A Feathers service as `tenantTable` gives it (Feathers query syntax, pagination), without knex. */
export type TenantLogService<T = Record<string, unknown>> = Omit<TenantTableService<T>, 'db'>

export interface TenantLogOptions<T = Record<string, unknown>> {
  /** snake_case: the PostgreSQL table, and the suffix of each tenant's collection elsewhere. */
  name: string
  /** The id field (`id` by default). */
  id?: string
  /** Fields holding times: stored as dates, and query values for them compared as dates. */
  dateFields?: string[]
  /** Indexes for the ways the log is queried (a store with its own schema, PostgreSQL, has them already). */
  indexes?: Array<{ fields: string[]; unique?: boolean }>
  /** What a new record gets for the fields its data leaves out: the table's column defaults, for stores without columns. */
  defaults?: () => Partial<T>
  paginate?: { default: number; max: number }
}

/** An event of an execution's log, as stored: `seq` counts from 1 in each execution. */
export interface LoggedExecutionEvent {
  executionId: string
  seq: number
  type: string
  nodeId: string | null
  data: Record<string, unknown>
  createdAt: Date
}

/**
 * The event log of executions. The executor writes events in batches, after node states and the
 * execution's own row: a store that is `inline` has them written by the executor's own
 * PostgreSQL statement (the PostgreSQL store); any other gets each batch through `append` once
 * that statement has committed, and only for the executions the runner still held.
 */
export interface ExecutionEventLog {
  readonly inline: boolean
  /**
   * Stores a batch of events (in `seq` order per execution). Idempotent: a batch handed in again
   * (a retry after a failure) stores each event once.
   */
  append(tenantId: string, events: LoggedExecutionEvent[]): Promise<void>
  /** The highest stored `seq` of the execution, 0 when it has none: a resumed run continues after it. */
  lastSeq(tenantId: string, executionId: string): Promise<number>
  /** The execution's `execution.completed` event, if it was stored. */
  completion(tenantId: string, executionId: string): Promise<LoggedExecutionEvent | undefined>
  /** Every event of these executions, by execution and `seq` (GDPR export). */
  ofExecutions(tenantId: string, executionIds: string[]): Promise<LoggedExecutionEvent[]>
  /** Removes every event of these executions (GDPR erasure). */
  removeExecutions(tenantId: string, executionIds: string[]): Promise<void>
}

/**
 * The execution event log as a tenant log: what `/api/v1/execution-events` serves (read-only),
 * with the indexes its queries need.
 */
export const executionEventLogOptions: TenantLogOptions<LoggedExecutionEvent> = {
  name: 'execution_events',
  id: 'seq',
  dateFields: ['createdAt'],
  indexes: [{ fields: ['executionId', 'seq'], unique: true }, { fields: ['executionId', 'type'] }],
  paginate: { default: 100, max: 1000 }
}

/** A log store a plugin contributes; the host opens it when the configuration selects it. */
export interface LogStoreKind {
  /** Names the store (`mongodb`). */
  id: string
  /**
   * The plugin's setting (a string property of its `settings` schema) that selects this store: when
   * the operator sets it, the host opens the store with its value as `url`, and errors name the
   * variable it was read from (`store-mongodb`: `url`, read from `MONGODB_URL`). Two selected
   * stores stop the start. A store without it is never opened. Since plugin API 1.7; before it the
   * host opened the store called `mongodb` when `MONGODB_URL` was set.
   */
  selectedBy?: string
  /**
   * Connects (and fails with a clear error when it cannot). `url` may carry a password: it must
   * never reach a log line or an error message.
   */
  open(options: { url: string; logger: LogStoreLogger }): Promise<LogStore>
}

export interface LogStoreLogger {
  info(data: object | string, message?: string): void
  warn(data: object | string, message?: string): void
  error(data: object | string, message?: string): void
}

/**
 * What `append` rejects with when an event has the `seq` of another event already stored for its
 * execution (another type or time): two runners wrote the same execution, one of them after losing
 * its lease. Refusing it means no event is silently dropped; the runner stops, and the one that
 * holds the execution resumes it after the stored events.
 */
export class ConflictingEventError extends Error {
  constructor(executionIds: string[]) {
    super(`Other events are already stored under these seq numbers of execution ${executionIds.join(', ')}`)
    this.name = 'ConflictingEventError'
  }
}
