import { camelCaseKeys } from '../../db/camel-case-keys.js'
import type { ExecutionChanges } from './execution-changes.js'
import { eventRecordset, eventRecordsetJson } from './event-recordset.js'
import { storableJson } from './storable-json.js'
import type { NodeRecordPatch } from './execution-recorder.js'
import { isTerminalExecutionStatus } from '@troupe/sdk'

/** The SQL column and type of each node patch field. */
const nodeColumns: Record<keyof NodeRecordPatch, { column: string; type: string }> = {
  status: { column: 'status', type: 'text' },
  attempts: { column: 'attempts', type: 'integer' },
  port: { column: 'port', type: 'text' },
  input: { column: 'input', type: 'jsonb' },
  output: { column: 'output', type: 'jsonb' },
  error: { column: 'error', type: 'text' },
  waitingFor: { column: 'waiting_for', type: 'jsonb' },
  resumedWith: { column: 'resumed_with', type: 'jsonb' },
  startedAt: { column: 'started_at', type: 'timestamptz' },
  finishedAt: { column: 'finished_at', type: 'timestamptz' }
}

/**
 * Times travel as epoch milliseconds and become timestamps in SQL (`to_timestamp`, exact to the
 * millisecond): `JSON.stringify` turns a number into text several times faster than a `Date`.
 */
const epochMs = (value: unknown) => (value instanceof Date ? value.getTime() : value)
const recordsetType = (type: string) => (type === 'timestamptz' ? 'double precision' : type)
const fromRecordset = (column: string, type: string) => (type === 'timestamptz' ? `to_timestamp(${column} / 1000)` : column)


export interface WriteChangesQuery {
  sql: string
  bindings: string[]
}

/** How one execution of the batch came out of the statement. */
export interface WrittenExecution {
  /** The row's status after the statement. */
  status: string
  /** The whole row (camelCase), when the batch changed its status. */
  row?: Record<string, unknown>
}

/**
 * Node rows grouped by the fields their patches set: one upsert per group, so a patch that leaves
 * a field out never overwrites it with null.
 */
function nodeGroups(batch: readonly ExecutionChanges[]) {
  const groups = new Map<string, { fields: Array<keyof NodeRecordPatch>; rows: Array<Record<string, unknown>> }>()
  for (const changes of batch) {
    for (const [nodeId, patch] of changes.nodes) {
      const fields = (Object.keys(patch) as Array<keyof NodeRecordPatch>).filter((field) => field !== 'status' && field in nodeColumns)
      fields.sort()
      const key = fields.join(',')
      let group = groups.get(key)
      if (!group) groups.set(key, (group = { fields, rows: [] }))
      const row: Record<string, unknown> = { execution_id: changes.executionId, node_id: nodeId, status: patch.status ?? 'pending' }
      for (const field of fields) row[nodeColumns[field].column] = epochMs(patch[field] ?? null)
      group.rows.push(row)
    }
  }
  return groups.values()
}

/**
 * One statement that stores everything a batch of executions of one tenant schema has to store,
 * fenced by the runner's lease: it locks each execution row that still names `runnerId` (and
 * applies its status change), then upserts node states and inserts events of those executions
 * only. Anything of an execution another runner took over is left out, and that execution is
 * missing from the result. Rows travel as one JSON parameter per table (`jsonb_to_recordset`), so
 * the statement's size does not depend on the number of parameters. With `withEvents: false`
 * (events go to another log store, after the statement) the events are left out.
 */
export function writeChangesQuery(
  schema: string,
  runnerId: string,
  batch: readonly ExecutionChanges[],
  { withEvents = true }: { withEvents?: boolean } = {}
): WriteChangesQuery {
  const bindings: string[] = []
  const fenceOnly = batch.filter((changes) => !changes.status).map((changes) => changes.executionId)
  const statuses = batch
    .filter((changes) => changes.status)
    .map(({ executionId, status }) => ({
      id: executionId,
      status: status!.status,
      final: isTerminalExecutionStatus(status!.status),
      output: status!.output ?? null,
      error: status!.error ?? null
    }))
  const ctes = [
    // Executions without a status change: locked, so a takeover waits until this statement is done.
    `fenced as (select id, status from ??.executions where id = any(?::uuid[]) and runner_id = ? for update)`,
    // `waiting` only follows `queued` or `running` (a cancellation that came first stands; a batch
    // may carry a run's start and its wait at once), and gives up the runner and the lease: the
    // execution then waits for a resume, not for a runner.
    `patched as (update ??.executions as e set
      status = case when v.status = 'waiting' and e.status not in ('queued', 'running') then e.status
                    when v.status <> 'running' or e.status = 'queued' then v.status else e.status end,
      started_at = coalesce(e.started_at, now()),
      output = case when v.final then v.output else e.output end,
      error = case when v.final then v.error else e.error end,
      finished_at = case when v.final then now() else e.finished_at end,
      runner_id = case when v.status = 'waiting' and e.status in ('queued', 'running') then null else e.runner_id end,
      lease_until = case when v.final or (v.status = 'waiting' and e.status in ('queued', 'running')) then null else e.lease_until end,
      updated_at = now()
    from jsonb_to_recordset(?::jsonb) as v(id uuid, status text, final boolean, output jsonb, error text)
    where e.id = v.id and e.id = any(?::uuid[]) and e.runner_id = ?
    returning e.*)`,
    `owned as (select id from fenced union all select id from patched)`
  ]
  bindings.push(schema, idArray(fenceOnly), runnerId, schema, storableJson(statuses), idArray(statuses.map(({ id }) => id)), runnerId)

  let index = 0
  for (const { fields, rows } of nodeGroups(batch)) {
    const columns = ['execution_id', 'node_id', 'status', ...fields.map((field) => nodeColumns[field].column)]
    const types = ['uuid', 'text', 'text', ...fields.map((field) => nodeColumns[field].type)]
    const definition = columns.map((column, i) => `${column} ${recordsetType(types[i])}`).join(', ')
    const values = columns.map((column, i) => fromRecordset(column, types[i])).join(', ')
    const updates = columns.slice(2).map((column) => `${column} = excluded.${column}`).join(', ')
    ctes.push(
      `nodes_${index++} as (insert into ??.execution_nodes (${columns.join(', ')})
      select ${values} from jsonb_to_recordset(?::jsonb) as r(${definition})
      where r.execution_id in (select id from owned)
      on conflict (execution_id, node_id) do update set ${updates})`
    )
    bindings.push(schema, storableJson(rows))
  }

  const events = withEvents ? batch.flatMap((changes) => changes.events) : []
  if (events.length) {
    ctes.push(
      `events as (insert into ??.execution_events (execution_id, seq, type, node_id, data, created_at)
      ${eventRecordset}
      where r.execution_id in (select id from owned))`
    )
    bindings.push(schema, eventRecordsetJson(events))
  }

  // `full join ... on false` returns the rows of both sides, each with the other's columns null.
  const sql = `with ${ctes.join(',\n')}
    select f.id as fenced_id, f.status as fenced_status, p.* from fenced f full join patched p on false`
  return { sql, bindings }
}

/**
 * A PostgreSQL array literal of these ids, for `id = any(?::uuid[])`: each element quoted, so the
 * cast to `uuid[]` is what checks them. The executions are looked up that way rather than joined
 * to a recordset because the planner then takes the primary key even when the table's statistics
 * are stale (a table that grew since the last `analyze` was otherwise read whole on every write).
 */
export function idArray(ids: readonly string[]): string {
  return `{${ids.map((id) => `"${id.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`
}

/** The statement's rows by execution id; an execution of the batch that is missing lost its lease. */
export function readWrittenExecutions(rows: ReadonlyArray<Record<string, unknown>>): Map<string, WrittenExecution> {
  const written = new Map<string, WrittenExecution>()
  for (const { fenced_id: fencedId, fenced_status: fencedStatus, ...patched } of rows) {
    if (fencedId) written.set(String(fencedId), { status: String(fencedStatus) })
    else written.set(String(patched.id), { status: String(patched.status), row: camelCaseKeys(patched) as Record<string, unknown> })
  }
  return written
}
