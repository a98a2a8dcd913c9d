import { randomUUID } from 'node:crypto'
import type { PreparedStatements } from '../../db/prepared-statements.js'
import { snakeCaseMappers } from 'objection'
import type { Execution } from '@troupe/sdk'
import { GroupCommit } from '../../executor/persistence/group-commit.js'

export interface QueuedExecutionValues {
  flowId: string
  /** The version the caller checked the input against; stored only while it is still the flow's current one. */
  flowVersion: number
  trigger: 'manual' | 'webhook'
  input: unknown
  startedBy: string | null
  runnerId: string | null
  leaseUntil: Date | null
  /** The tenant's concurrency quota applies: refused while it already runs its limit (queued or running). */
  quota: boolean
}

export type InsertOutcome =
  | { stored: Execution }
  /** The flow changed (or went) since the caller read it: read it again. */
  | { refused: 'flow-changed' }
  | { refused: 'quota'; limit: number }

interface Row {
  id: string
  ord: number
  flow_id: string
  flow_version: number
  trigger: string
  input: unknown
  started_by: string | null
  runner_id: string | null
  lease_until: Date | null
  quota: boolean
}

const { parse: camelCaseKeys } = snakeCaseMappers()

// `place` numbers the rows that count against the quota, in the order they were handed in, so a
// batch admits as many as the free slots allow. `full join ... on false` returns the refused and
// the inserted rows side by side, each with the other's columns null.
const insertSql = `with quota as (
    select coalesce((select max_concurrent_executions from public.tenants where id = ?::uuid), ?::integer) as max
  ),
  active as (
    select count(*)::integer as n from (select 1 from ??.executions where status in ('queued', 'running') limit (select max from quota)) as running
  ),
  candidates as (
    select v.*, sum(case when v.quota then 1 else 0 end) over (order by v.ord) as place
    from jsonb_to_recordset(?::jsonb) as v(id uuid, ord integer, flow_id uuid, flow_version integer, trigger text, input jsonb, started_by uuid, runner_id text, lease_until timestamptz, quota boolean)
    join ??.flows as f on f.id = v.flow_id and f.version = v.flow_version
  ),
  admitted as (
    select * from candidates where not quota or (select n from active) + place <= (select max from quota)
  ),
  inserted as (
    insert into ??.executions (id, flow_id, flow_version, status, trigger, input, started_by, runner_id, lease_until)
    select id, flow_id, flow_version, 'queued', trigger, input, started_by, runner_id, lease_until from admitted
    returning *
  ),
  refused as (select id from candidates except select id from admitted)
  select r.id as refused_id, (select max from quota) as quota_limit, i.* from refused r full join inserted i on false`

/**
 * Stores queued executions, group-committed per tenant schema: executions started at the same
 * time share one statement. A row is inserted only while its flow exists with the version it
 * names as the current one, so a flow saved in between is never run at a version its input was
 * not checked against; and, when it counts against the tenant's concurrency quota, only while the
 * tenant runs fewer executions than its `maxConcurrentExecutions` (else `defaultQuota`). The quota
 * is read and checked in the same statement, so it costs no round trip of its own.
 */
export class QueuedExecutionInserter {
  private readonly commit: GroupCommit<{ tenantId: string; row: Row }, InsertOutcome>

  constructor(statements: PreparedStatements, defaultQuota: number) {
    this.commit = new GroupCommit(async (schema, items) => {
      const rows = items.map(({ row }, ord) => ({ ...row, ord }))
      const result = await statements.run(insertSql, [items[0].tenantId, defaultQuota, schema, JSON.stringify(rows), schema, schema])
      const outcomes = new Map<unknown, InsertOutcome>()
      for (const { refused_id: refusedId, quota_limit: limit, ...row } of result.rows) {
        if (refusedId) outcomes.set(refusedId, { refused: 'quota', limit: Number(limit) })
        else outcomes.set(row.id, { stored: camelCaseKeys(row) as unknown as Execution })
      }
      return rows.map((row) => outcomes.get(row.id) ?? { refused: 'flow-changed' })
    })
  }

  /** All executions of a tenant schema belong to `tenantId`. */
  insert(schema: string, tenantId: string, values: QueuedExecutionValues): Promise<InsertOutcome> {
    return this.commit.submit(schema, {
      tenantId,
      row: {
        id: randomUUID(),
        ord: 0,
        flow_id: values.flowId,
        flow_version: values.flowVersion,
        trigger: values.trigger,
        input: values.input ?? null,
        started_by: values.startedBy,
        runner_id: values.runnerId,
        lease_until: values.leaseUntil,
        quota: values.quota
      }
    })
  }
}
