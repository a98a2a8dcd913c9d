import type { Knex } from 'knex'
import { executionStatuses, isTerminalExecutionStatus, terminalExecutionStatuses } from '@troupe/sdk'
import type { PreparedStatements } from '../../db/prepared-statements.js'
import { tenantSchemaName } from '../../db/tenant-schema.js'
import type { LogStore } from '@troupe/sdk/plugin'
import type { ResumedNode } from '../runner/run-flow.js'
import { GroupCommitWriter } from '../persistence/group-commit-writer.js'
import { QueuedExecutionInserter, type InsertOutcome, type QueuedExecutionValues } from './queued-execution-inserter.js'

/** A runner's claim: its id and how long the claim lasts. */
export interface Claim {
  runnerId: string
  leaseUntil: Date
}

/** The statuses that hold a claim on a runner (or wait for one). */
export const activeStatuses = executionStatuses.filter((status) => !isTerminalExecutionStatus(status))

/**
 * The one owner of the executions table and of what the executor writes for an execution (node
 * states and events, through its group-commit writer): insert (with the tenant's concurrency quota,
 * in the same statement, for flows and graph runs alike), claim, renew, cancel, release, and the
 * control-schema index of tenants with active executions that recovery reads. Services and the
 * dispatcher call it; nothing else writes those tables.
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
      .whereIn('status', ['queued', 'running'])
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
    return new Map(nodes.map((node) => [node.nodeId, { status: node.status, port: node.port, output: node.output, attempts: node.attempts }]))
  }

  /** Extends `claim`'s lease on `ids`; answers the status of each one it still holds (missing: lost). */
  async renew(schema: string, ids: string[], claim: Claim): Promise<Map<string, string>> {
    const rows = (await this.table(schema).whereIn('id', ids).where({ runnerId: claim.runnerId }).update({ leaseUntil: claim.leaseUntil }).returning(['id', 'status'])) as Array<{
      id: string
      status: string
    }>
    return new Map(rows.map((row) => [row.id, row.status]))
  }

  /** Cancels an execution no runner of this process runs; answers its row when it was still active. */
  async cancel(schema: string, executionId: string): Promise<Record<string, unknown> | undefined> {
    const now = new Date()
    const [row] = await this.table(schema)
      .where({ id: executionId })
      .whereIn('status', activeStatuses)
      .update({ status: 'cancelled', error: 'Cancelled', finishedAt: now, updatedAt: now })
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
      const count = await trx('executions').withSchema(schema).where({ id: executionId }).whereIn('status', terminalExecutionStatuses).delete()
      if (count) await trx('executionNodes').withSchema(schema).where({ executionId }).delete()
      return count > 0
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
    await this.knex('executionNodes').withSchema(schema).whereIn('executionId', started).update({ input: null, output: null, error: null })
  }

  /** The tenants that may have executions to recover (see control migration 0005). */
  async tenantsWithActiveExecutions(): Promise<string[]> {
    const rows = (await this.knex('activeExecutions').withSchema('public').select('tenantId')) as Array<{ tenantId: string }>
    return rows.map((row) => row.tenantId)
  }

  /**
   * Drops `tenantId` from the index when it has no active execution left and was not marked since
   * `markedBefore` (an execution being stored now marks it again in its own statement).
   */
  async forgetIfIdle(tenantId: string, markedBefore: Date): Promise<void> {
    const schema = tenantSchemaName(tenantId)
    await this.knex.raw(
      `delete from public.active_executions where tenant_id = ? and marked_at < ?
        and not exists (select 1 from ??.executions where status in (${activeStatuses.map(() => '?').join(', ')}))`,
      [tenantId, markedBefore, schema, ...activeStatuses]
    )
  }
}
