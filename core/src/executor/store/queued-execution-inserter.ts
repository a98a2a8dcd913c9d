import { randomUUID } from 'node:crypto'
import type { PreparedStatements } from '../../db/prepared-statements.js'
import { camelCaseKeys } from '../../db/camel-case-keys.js'
import type { Execution } from '@troupe/sdk'
import { GroupCommit } from '../persistence/group-commit.js'
import type { FlowShape } from '../graph/flow-shapes.js'

/** What an execution runs: a flow at a version, or a graph of its own (a plugin's entry, a chat). */
export type ExecutionTarget =
  /** `flowVersion` is the version the caller checked the input against; stored only while it is still the flow's current one. */
  | { flowId: string; flowVersion: number; graph?: undefined; entry?: undefined }
  | { flowId?: undefined; flowVersion?: undefined; graph: FlowShape; entry: ExecutionEntryRef | null }

/** The plugin entry an execution was started through, and the record it named (`{field: 'crewId', id}`). */
export interface ExecutionEntryRef {
  field: string
  id: string
}

/** What an execution starts with, besides its target and its first claim. */
export interface QueuedExecutionFields {
  trigger: string
  input: unknown
  startedBy: string | null
  /** The tenant's concurrency quota applies: refused while it already runs its limit (queued or running). */
  quota: boolean
  /** A sub-flow's run: the node of the execution that started it, and the key it started it under. */
  parent?: SubExecutionParent
  /** A re-run: of which execution, from which node, and the nodes whose stored states it starts with. */
  rerun?: ExecutionRerun
  /** A test run: the node states it is stored with (pinned outputs, nodes a test of one node skips). */
  seed?: TestRunSeed
}

/** A node's state an execution is stored with, instead of running the node. */
export interface SeededNodeState {
  nodeId: string
  status: 'succeeded' | 'skipped'
  output: unknown
}

/** What a test run starts with: the node states stored with it, and what it says of itself. */
export interface TestRunSeed {
  states: SeededNodeState[]
  pinnedNodeIds: string[]
  onlyNodeId: string | null
}

export interface ExecutionRerun {
  of: string
  fromNodeId: string | null
  /** Nodes whose state (succeeded or skipped, with output and port) is copied from `of` in the insert's statement. */
  reuse: string[]
}

export type QueuedExecutionValues = ExecutionTarget & QueuedExecutionFields & { runnerId: string | null; leaseUntil: Date | null }

export interface SubExecutionParent {
  executionId: string
  nodeId: string
  key: string
}

export type InsertOutcome =
  | { stored: Execution }
  /** The flow changed (or went) since the caller read it: read it again. */
  | { refused: 'flow-changed' }
  | { refused: 'quota'; limit: number }

interface Row {
  id: string
  ord: number
  flow_id: string | null
  flow_version: number | null
  entry_field: string | null
  entry_id: string | null
  graph: FlowShape | null
  trigger: string
  input: unknown
  started_by: string | null
  runner_id: string | null
  lease_until: Date | null
  quota: boolean
  parent_execution_id: string | null
  parent_node_id: string | null
  call_key: string | null
  rerun_of: string | null
  rerun_from_node_id: string | null
  reuse: string[] | null
  seed: Array<{ node_id: string; status: SeededNodeState['status']; output: unknown }> | null
  pinned_node_ids: string[] | null
  only_node_id: string | null
}

// `place` numbers the rows that count against the quota, in the order they were handed in, so a
// batch admits as many as the free slots allow. `full join ... on false` returns the refused and
// the inserted rows side by side, each with the other's columns null. A tenant that stores an
// execution is marked in the control schema's index of tenants with active executions (what
// recovery reads), in the same statement: at most once a second per tenant. A sub-flow's run takes
// its parent's slot while its parent runs (the parent waits for it): a tenant at its quota is not
// deadlocked by its own calls. A re-run may pin any stored version of its flow, and starts with
// the node states it reuses, copied in the same statement; a test run, with the node states it was
// given (pinned outputs, skipped nodes).
const insertSql = `with quota as (
    select coalesce((select max_concurrent_executions from public.tenants where id = ?::uuid), ?::integer) as max
  ),
  active as (
    select count(*)::integer as n from (select 1 from ??.executions where status in ('queued', 'running') limit (select max from quota)) as running
  ),
  candidates as (
    select v.*, sum(case when v.quota then 1 else 0 end) over (order by v.ord) as place
    from jsonb_to_recordset(?::jsonb) as v(id uuid, ord integer, flow_id uuid, flow_version integer, entry_field text, entry_id uuid, graph jsonb, trigger text, input jsonb, started_by uuid, runner_id text, lease_until timestamptz, quota boolean, parent_execution_id uuid, parent_node_id text, call_key text, rerun_of uuid, rerun_from_node_id text, reuse jsonb, seed jsonb, pinned_node_ids jsonb, only_node_id text)
    left join ??.flows as f on f.id = v.flow_id and (f.version = v.flow_version or v.rerun_of is not null)
    where v.graph is not null or f.id is not null
  ),
  admitted as (
    select * from candidates c where not quota or (select n from active) + place - (
      case when c.parent_execution_id is null then 0
      else (select count(*)::integer from ??.executions p where p.id = c.parent_execution_id and p.status in ('queued', 'running')) end
    ) <= (select max from quota)
  ),
  inserted as (
    insert into ??.executions (id, flow_id, flow_version, entry_field, entry_id, graph, status, trigger, input, started_by, runner_id, lease_until, parent_execution_id, parent_node_id, call_key, rerun_of, rerun_from_node_id, pinned_node_ids, only_node_id)
    select id, flow_id, flow_version, entry_field, entry_id, graph, 'queued', trigger, input, started_by, runner_id, lease_until, parent_execution_id, parent_node_id, call_key, rerun_of, rerun_from_node_id, pinned_node_ids, only_node_id from admitted
    returning *
  ),
  reused as (
    insert into ??.execution_nodes (execution_id, node_id, status, attempts, port, input, output, started_at, finished_at)
    select a.id, n.node_id, n.status, n.attempts, n.port, n.input, n.output, n.started_at, n.finished_at
    from admitted a join ??.execution_nodes n on n.execution_id = a.rerun_of and n.status in ('succeeded', 'skipped')
    where a.rerun_of is not null and a.id in (select id from inserted) and n.node_id in (select jsonb_array_elements_text(a.reuse))
  ),
  seeded as (
    insert into ??.execution_nodes (execution_id, node_id, status, attempts, output, started_at, finished_at)
    select a.id, s.node_id, s.status, 0, s.output, now(), now()
    from admitted a cross join lateral jsonb_to_recordset(a.seed) as s(node_id text, status text, output jsonb)
    where a.seed is not null and a.id in (select id from inserted)
  ),
  marked as (
    insert into public.active_executions (tenant_id)
    select t.id from public.tenants t where t.id = ?::uuid and exists (select 1 from inserted)
    on conflict (tenant_id) do update set marked_at = now() where active_executions.marked_at < now() - interval '1 second'
  ),
  refused as (select id from candidates except select id from admitted)
  select r.id as refused_id, (select max from quota) as quota_limit, i.* from refused r full join inserted i on false`

/**
 * Stores queued executions, group-committed per tenant schema: executions started at the same
 * time share one statement. A run of a graph of its own (a plugin entry's run) is stored as it is; a run
 * of a flow is inserted only while its flow exists with the version it
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
      const { tenantId } = items[0]
      const result = await statements.run(insertSql, [tenantId, defaultQuota, schema, JSON.stringify(rows), schema, schema, schema, schema, schema, schema, tenantId])
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
        flow_id: values.flowId ?? null,
        flow_version: values.flowVersion ?? null,
        entry_field: values.entry?.field ?? null,
        entry_id: values.entry?.id ?? null,
        graph: values.graph ?? null,
        trigger: values.trigger,
        input: values.input ?? null,
        started_by: values.startedBy,
        runner_id: values.runnerId,
        lease_until: values.leaseUntil,
        quota: values.quota,
        parent_execution_id: values.parent?.executionId ?? null,
        parent_node_id: values.parent?.nodeId ?? null,
        call_key: values.parent?.key ?? null,
        rerun_of: values.rerun?.of ?? null,
        rerun_from_node_id: values.rerun?.fromNodeId ?? null,
        reuse: values.rerun?.reuse ?? null,
        seed: values.seed?.states.map((state) => ({ node_id: state.nodeId, status: state.status, output: state.output })) ?? null,
        pinned_node_ids: values.seed?.pinnedNodeIds ?? null,
        only_node_id: values.seed?.onlyNodeId ?? null
      }
    })
  }
}
