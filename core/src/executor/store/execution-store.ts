import type { Knex } from 'knex'
import { executionStatuses, isTerminalExecutionStatus, terminalExecutionStatuses } from '@troupe/sdk'
import type { PreparedStatements } from '../../db/prepared-statements.js'
import { tenantSchemaName } from '../../db/tenant-schema.js'
import { camelCaseKeys } from '../../db/camel-case-keys.js'
import type { LogStore } from '@troupe/sdk/plugin'
import type { ResumedNode } from '../runner/run-flow.js'
import { GroupCommitWriter } from '../persistence/group-commit-writer.js'
import type { TenantLimitRow } from '../../limits/tenant-limits.js'
import { QueuedExecutionInserter, type InsertOutcome, type QueuedExecutionValues } from './queued-execution-inserter.js'

/** How long a tenant's ended executions are kept. */
export interface HistoryRetention {
  maxAgeDays: number
  failedMaxAgeDays: number
  maxCount: number
}

/** A runner's claim: its id and how long the claim lasts. */
export interface Claim {
  runnerId: string
  leaseUntil: Date
}

/** The statuses of an execution that has not ended (a waiting one included). */
export const activeStatuses = executionStatuses.filter((status) => !isTerminalExecutionStatus(status))

/** The statuses that hold a claim on a runner, or wait for one: what recovery looks after. */
const runnableStatuses = ['queued', 'running']

/**
 * The one owner of the executions table and of what the executor writes for an execution (node
 * states and events, through its group-commit writer): insert (with the tenant's concurrency quota,
 * in the same statement, for flows and graph runs alike), claim, renew, cancel, release, resume
 * (of a `waiting` execution, which holds no runner and no lease), and the control-schema index of
 * tenants with active executions that recovery reads. Services and the dispatcher call it;
 * nothing else writes those tables.
 */
export class ExecutionStore {
  private readonly inserter: QueuedExecutionInserter
  private writer: GroupCommitWriter | undefined

  constructor(
    private readonly knex: Knex,
    private readonly statements: PreparedStatements,
    defaultQuota: number
  ) {
    this.inserter = new QueuedExecutionInserter(statements, defaultQuota)
  }

  private table(schema: string) {
    return this.knex('executions').withSchema(schema)
  }

  /** Stores a queued execution of a flow version or of a graph of its own (group-committed per tenant). */
  insert(tenantId: string, values: QueuedExecutionValues): Promise<InsertOutcome> {
    return this.inserter.insert(tenantSchemaName(tenantId), tenantId, values)
  }

  /** The writer every execution of `runnerId` records its progress through, fenced by its lease. */
  progressWriter(runnerId: string, eventLog: LogStore['executionEvents']): GroupCommitWriter {
    this.writer ??= new GroupCommitWriter(this.statements, runnerId, eventLog)
    return this.writer
  }

  /**
   * Claims, for `claim`, the queued or running executions of `schema` whose lease ran out or that
   * no runner claimed yet, and answers their rows: only those of `ids` when given, never those of
   * `except` (what the claiming runner still runs itself: a run of its own that stalled past its
   * lease is not taken over by its own sweep, it renews its lease or learns it lost it). Taking
   * over a lease that ran out is a takeover: the runner that held it crashed, was killed or
   * stalled past it. The same statement counts it (`takeovers`), so concurrent sweeps never miss
   * or double one, and an execution that keeps taking its runners down is quarantined.
   */
  async claim<Row>(schema: string, claim: Claim, { ids, except = [] }: { ids?: string[]; except?: string[] } = {}): Promise<Row[]> {
    const query = this.table(schema)
      .whereIn('status', runnableStatuses)
      .where((expired) => expired.whereNull('leaseUntil').orWhere('leaseUntil', '<', new Date()))
    if (ids) query.whereIn('id', ids)
    if (except.length) query.whereNotIn('id', except)
    return (await query
      .update({ runnerId: claim.runnerId, leaseUntil: claim.leaseUntil, takeovers: this.knex.raw('takeovers + (case when lease_until is null then 0 else 1 end)') })
      .returning('*')) as Row[]
  }

  /** The node states an earlier runner stored for an execution, which a takeover resumes from. */
  async storedNodeStates(schema: string, executionId: string): Promise<Map<string, ResumedNode>> {
    const nodes = (await this.knex('executionNodes').withSchema(schema).where({ executionId })) as Array<ResumedNode & { nodeId: string }>
    return new Map(
      nodes.map((node) => [
        node.nodeId,
        { status: node.status, port: node.port, output: node.output, attempts: node.attempts, waitingFor: node.waitingFor, resumedWith: node.resumedWith }
      ])
    )
  }

  /** Extends `claim`'s lease on `ids`; answers the status of each one it still holds (missing: lost). */
  async renew(schema: string, ids: string[], claim: Claim): Promise<Map<string, string>> {
    const rows = (await this.table(schema).whereIn('id', ids).where({ runnerId: claim.runnerId }).update({ leaseUntil: claim.leaseUntil }).returning(['id', 'status'])) as Array<{
      id: string
      status: string
    }>
    return new Map(rows.map((row) => [row.id, row.status]))
  }

  /**
   * Cancels an execution no runner of this process runs; answers its row when it was still active,
   * and whether a runner still holds it (it then ends the run and reports the end itself; else no
   * one will). Nodes that waited are cancelled with it (no runner will come back for them).
   */
  async cancel(schema: string, executionId: string): Promise<{ row: Record<string, unknown>; held: boolean } | undefined> {
    const result = await this.knex.raw(
      `update ??.executions as e set status = 'cancelled', error = 'Cancelled', finished_at = now(), updated_at = now()
       from (select id, runner_id is not null and status <> 'waiting' as held from ??.executions where id = ? and status = any(?) for update) as before
       where e.id = before.id
       returning e.*, before.held`,
      [schema, schema, executionId, [...activeStatuses]]
    )
    const found = (result.rows as Array<Record<string, unknown>>)[0]
    if (!found) return undefined
    const { held, ...row } = camelCaseKeys(found) as Record<string, unknown>
    await this.knex('executionNodes').withSchema(schema).where({ executionId, status: 'waiting' }).update({ status: 'cancelled', finishedAt: row.finishedAt })
    return { row, held: Boolean(held) }
  }

  /**
   * Records a resume of `nodeId`, a node of the execution that waits and was not resumed yet;
   * `false` when there is no such node. The execution runs again through `requeueIfResumed`,
   * called after this by the resumer and, after its own wait is stored, by the runner: whichever
   * of the two comes second sees the other's write, so a resume that races a run going to wait
   * is never lost, and only one of them requeues it.
   */
  async noteResume(schema: string, executionId: string, nodeId: string, data: unknown, { timedOut = false }: { timedOut?: boolean } = {}): Promise<boolean> {
    const noted = await this.knex('executionNodes')
      .withSchema(schema)
      .where({ executionId, nodeId, status: 'waiting' })
      .whereNull('resumedWith')
      .update({ resumedWith: JSON.stringify(timedOut ? { data: null, timedOut: true } : { data: data ?? null }) })
      .returning('nodeId')
    return noted.length > 0
  }

  /**
   * Keeps when waiting nodes resume by themselves (`NodeWait.until`), before their wait is stored:
   * a wake-up whose wait was never stored finds no waiting node and is dropped; a stored wait
   * never lacks its wake-up.
   */
  async scheduleWakeups(tenantId: string, executionId: string, wakeups: Array<{ nodeId: string; at: Date }>): Promise<void> {
    if (!wakeups.length) return
    await this.knex('executionWakeups')
      .withSchema('public')
      .insert(wakeups.map(({ nodeId, at }) => ({ tenantId, executionId, nodeId, wakeAt: at })))
      .onConflict(['tenantId', 'executionId', 'nodeId'])
      .merge(['wakeAt'])
  }

  /**
   * Takes up to `count` wake-ups that are due, the oldest first but at most `perTenant` of one
   * tenant (a tenant with thousands due does not hold up another's), skipping those another
   * instance holds, and puts each off by `retryMs`: a taker that dies before `dropWakeup` leaves
   * it to be taken again then, never lost.
   */
  async takeDueWakeups(count: number, { perTenant = 20, retryMs = 60_000 }: { perTenant?: number; retryMs?: number } = {}): Promise<Array<{ tenantId: string; executionId: string; nodeId: string }>> {
    const { rows } = (await this.knex.raw(
      `with picked as (
         select w.tenant_id, w.execution_id, w.node_id from public.execution_wakeups w
          where (w.tenant_id, w.execution_id, w.node_id) in (
            select tenant_id, execution_id, node_id from (
              select tenant_id, execution_id, node_id, wake_at, row_number() over (partition by tenant_id order by wake_at) as place
                from public.execution_wakeups where wake_at <= now()) due
             where place <= ?::integer order by wake_at limit ?::integer)
          for update of w skip locked)
       update public.execution_wakeups u set wake_at = now() + ?::integer * interval '1 millisecond'
         from picked p where u.tenant_id = p.tenant_id and u.execution_id = p.execution_id and u.node_id = p.node_id
       returning u.tenant_id as "tenantId", u.execution_id as "executionId", u.node_id as "nodeId"`,
      [perTenant, count, retryMs]
    )) as { rows: Array<{ tenantId: string; executionId: string; nodeId: string }> }
    return rows
  }

  async dropWakeup(tenantId: string, executionId: string, nodeId: string): Promise<void> {
    await this.knex('executionWakeups').withSchema('public').where({ tenantId, executionId, nodeId }).delete()
  }

  /**
   * A waiting execution with a resumed node becomes `running` without a runner or a lease, in the
   * recovery index: claimable at once by the runner it is handed to, or by recovery. Answers its
   * row when this call made the change.
   */
  async requeueIfResumed(tenantId: string, executionId: string): Promise<Record<string, unknown> | undefined> {
    const schema = tenantSchemaName(tenantId)
    // Marked first: a requeued execution is never outside the index recovery reads.
    await this.knex.raw('insert into public.active_executions (tenant_id) values (?) on conflict (tenant_id) do update set marked_at = now()', [tenantId])
    const resumed = this.knex('executionNodes').withSchema(schema).where({ executionId, status: 'waiting' }).whereNotNull('resumedWith').select(this.knex.raw('1'))
    const [row] = await this.table(schema)
      .where({ id: executionId, status: 'waiting' })
      .whereExists(resumed)
      .update({ status: 'running', runnerId: null, leaseUntil: null, updatedAt: new Date() })
      .returning('*')
    return row
  }

  /** The ids of the active executions of a tenant (of one user's, with `startedBy`). */
  async activeIds(schema: string, startedBy?: string): Promise<string[]> {
    const rows = (await this.table(schema)
      .whereIn('status', activeStatuses)
      .modify((query) => startedBy && query.where({ startedBy }))
      .select('id')) as Array<{ id: string }>
    return rows.map((row) => row.id)
  }

  /** No runner may write for these executions any more (a GDPR erasure follows). */
  async release(schema: string, startedBy?: string): Promise<void> {
    await this.table(schema)
      .whereNotNull('runnerId')
      .modify((query) => startedBy && query.where({ startedBy }))
      .update({ runnerId: null, leaseUntil: null })
  }

  /**
   * Removes an ended execution with its node states and its events (wherever the log store keeps
   * them); `false` when it is not there or has not ended.
   */
  async removeFinished(tenantId: string, executionId: string, eventLog: LogStore['executionEvents']): Promise<boolean> {
    const schema = tenantSchemaName(tenantId)
    const removed = await this.knex.transaction(async (trx) => {
      // `returning`: what a delete answers differs between the engines' drivers in a transaction.
      const deleted = await trx('executions').withSchema(schema).where({ id: executionId }).whereIn('status', terminalExecutionStatuses).delete().returning('id')
      if (deleted.length) await trx('executionNodes').withSchema(schema).where({ executionId }).delete()
      return deleted.length > 0
    })
    if (removed) await eventLog.removeExecutions(tenantId, [executionId])
    return removed
  }

  /**
   * A GDPR erasure of `userId`: the runs they started stay (the tenant's counts, costs, timings)
   * but forget who started them and what they were given, gave back and failed with, node by
   * node too (an error may quote the input).
   */
  async erasePersonalData(schema: string, userId: string): Promise<void> {
    await this.table(schema).where({ startedBy: userId }).update({ startedBy: null, input: JSON.stringify(null), output: JSON.stringify(null), error: null })
  }

  /** Node states of the runs `userId` started (all the tenant's without it) lose their data. */
  async eraseNodeData(schema: string, userId?: string): Promise<void> {
    const started = this.table(schema).where(userId ? { startedBy: userId } : {}).select('id')
    await this.knex('executionNodes').withSchema(schema).whereIn('executionId', started).update({ input: null, output: null, error: null, waitingFor: null, resumedWith: null })
  }

  /**
   * Removes one batch (at most `batch`) of the tenant's ended executions past its retention: older
   * than `maxAgeDays` (`failedMaxAgeDays` for failed ones), or beyond the newest `maxCount`; oldest
   * first. Their events go first (wherever the log store keeps them), then their node states and
   * rows in one transaction: a prune cut short leaves executions to prune again, never events or
   * node states without their execution. Answers what it removed.
   */
  async pruneHistory(tenantId: string, retention: HistoryRetention, eventLog: LogStore['executionEvents'], batch = 500): Promise<{ executions: number; nodes: number }> {
    const schema = tenantSchemaName(tenantId)
    const terminal = terminalExecutionStatuses.map(() => '?').join(', ')
    const { rows } = (await this.knex.raw(
      `(select id, created_at from ??.executions
          where created_at < now() - least(?::integer, ?::integer) * interval '1 day' and status in (${terminal})
            and created_at < now() - (case when status = 'failed' then ?::integer else ?::integer end) * interval '1 day'
          order by created_at limit ?::integer)
       union
       (select id, created_at from ??.executions
          where status in (${terminal})
            and created_at < (select created_at from ??.executions where status in (${terminal}) order by created_at desc offset ?::integer limit 1)
          order by created_at limit ?)
       order by created_at limit ?`,
      [
        schema,
        retention.maxAgeDays,
        retention.failedMaxAgeDays,
        ...terminalExecutionStatuses,
        retention.failedMaxAgeDays,
        retention.maxAgeDays,
        batch,
        schema,
        ...terminalExecutionStatuses,
        schema,
        ...terminalExecutionStatuses,
        retention.maxCount - 1,
        batch,
        batch
      ]
    )) as { rows: Array<{ id: string }> }
    const ids = rows.map((row) => row.id)
    if (!ids.length) return { executions: 0, nodes: 0 }
    await eventLog.removeExecutions(tenantId, ids)
    return this.knex.transaction(async (trx) => {
      const nodes = await trx('executionNodes').withSchema(schema).whereIn('executionId', ids).delete().returning('nodeId')
      const executions = await trx('executions').withSchema(schema).whereIn('id', ids).whereIn('status', terminalExecutionStatuses).delete().returning('id')
      return { executions: executions.length, nodes: nodes.length }
    })
  }

  /**
   * Takes up to `count` tenants whose history is due for pruning (the longest unpruned first) and
   * marks them pruned now, in one statement that other instances skip past: two pruners never
   * take the same tenant, and the cost per tick does not grow with the number of tenants.
   */
  async tenantsDueForPruning(count: number): Promise<Array<{ tenantId: string; limits: TenantLimitRow }>> {
    const { rows } = (await this.knex.raw(
      `update public.tenants set history_pruned_at = now()
        where id in (select id from public.tenants order by history_pruned_at nulls first limit ? for update skip locked)
        returning id, history_max_age_days as "historyMaxAgeDays", history_failed_max_age_days as "historyFailedMaxAgeDays", history_max_count as "historyMaxCount"`,
      [count]
    )) as { rows: Array<{ id: string } & TenantLimitRow> }
    return rows.map(({ id, ...limits }) => ({ tenantId: id, limits }))
  }

  /** The tenants that may have executions to recover (see control migration 0005). */
  async tenantsWithActiveExecutions(): Promise<string[]> {
    const rows = (await this.knex('activeExecutions').withSchema('public').select('tenantId')) as Array<{ tenantId: string }>
    return rows.map((row) => row.tenantId)
  }

  /**
   * Drops `tenantId` from the index when it has no queued or running execution left (a waiting one
   * needs no recovery: its resume marks the tenant again) and was not marked in the last `graceMs`
   * (by the database's clock). An execution stored meanwhile marks the tenant in its
   * own statement, which either waits for this one's lock and so keeps the row it refreshed, or
   * inserts a new one; the grace covers the second a mark is not refreshed for.
   */
  async forgetIfIdle(tenantId: string, graceMs = 10_000): Promise<void> {
    const schema = tenantSchemaName(tenantId)
    await this.knex.raw(
      `delete from public.active_executions where tenant_id = ? and marked_at < now() - ?::integer * interval '1 millisecond'
        and not exists (select 1 from ??.executions where status in (${runnableStatuses.map(() => '?').join(', ')}))`,
      [tenantId, graceMs, schema, ...runnableStatuses]
    )
  }
}
