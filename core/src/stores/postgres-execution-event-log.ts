import type { Knex } from 'knex'
import { ConflictingEventError, type ExecutionEventLog, type LoggedExecutionEvent } from '@troupe/sdk/plugin'
import { tenantSchemaName } from '../db/tenant-schema.js'
import { eventRecordset, eventRecordsetJson } from '../executor/persistence/event-recordset.js'

/** One JSON parameter however many executions a tenant export names. */
const inIds = 'execution_id in (select (jsonb_array_elements_text(?::jsonb))::uuid)'

/**
 * The event log in each tenant schema's `execution_events` table. `inline`: the executor's
 * group-committed statement (`writeChangesQuery`) inserts the events together with node states
 * and the execution's row, so running executions never call `append`.
 */
export class PostgresExecutionEventLog implements ExecutionEventLog {
  readonly inline: boolean = true

  constructor(private readonly knex: Knex) {}

  private table(tenantId: string) {
    return this.knex('executionEvents').withSchema(tenantSchemaName(tenantId))
  }

  async append(tenantId: string, events: LoggedExecutionEvent[]): Promise<void> {
    if (!events.length) return
    const schema = tenantSchemaName(tenantId)
    // An event stored before comes back from the upsert only when it is the same one (a retry).
    const result = (await this.knex.raw(
      `insert into ??.execution_events as e (execution_id, seq, type, node_id, data, created_at)
      ${eventRecordset}
      on conflict (execution_id, seq) do update set type = excluded.type
      where e.type = excluded.type and e.created_at = excluded.created_at
      returning e.execution_id, e.seq`,
      [schema, eventRecordsetJson(events)]
    )) as { rows: Array<{ execution_id: string; seq: number }> }
    if (result.rows.length === events.length) return
    const kept = new Set(result.rows.map((row) => `${row.execution_id}:${row.seq}`))
    const refused = events.filter((event) => !kept.has(`${event.executionId}:${event.seq}`))
    throw new ConflictingEventError([...new Set(refused.map((event) => event.executionId))])
  }

  async lastSeq(tenantId: string, executionId: string): Promise<number> {
    const [row] = await this.table(tenantId).where({ executionId }).max({ seq: 'seq' })
    return Number(row?.seq ?? 0)
  }

  async completion(tenantId: string, executionId: string): Promise<LoggedExecutionEvent | undefined> {
    return this.table(tenantId).where({ executionId, type: 'execution.completed' }).first()
  }

  async ofExecutions(tenantId: string, executionIds: string[]): Promise<LoggedExecutionEvent[]> {
    if (!executionIds.length) return []
    return this.table(tenantId).whereRaw(inIds, [JSON.stringify(executionIds)]).orderBy(['executionId', 'seq'])
  }

  async removeExecutions(tenantId: string, executionIds: string[]): Promise<void> {
    if (!executionIds.length) return
    await this.table(tenantId).whereRaw(inIds, [JSON.stringify(executionIds)]).delete()
  }
}
