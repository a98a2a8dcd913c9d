import type { ExecutionEventLog } from '@troupe/sdk/plugin'
import type { PreparedStatements } from '../../db/prepared-statements.js'
import type { ExecutionChanges } from './execution-changes.js'
import { EventAppendError, appendWithRetries } from './append-events.js'
import { GroupCommit } from './group-commit.js'
import { LeaseLostError } from './lease-lost-error.js'
import { readWrittenExecutions, writeChangesQuery, type WrittenExecution } from './write-changes-query.js'

/**
 * Changes handed to the writer. Until the writer takes them into a statement (`taken`), their
 * owner may still add to them, so changes that arrive while they wait travel in the same write.
 */
export class PendingChanges {
  private isTaken = false

  constructor(readonly changes: ExecutionChanges) {}

  get taken(): boolean {
    return this.isTaken
  }

  take(): ExecutionChanges {
    this.isTaken = true
    return this.changes
  }
}

/** The tenant whose changes are written: its id names it to the log store, its schema to PostgreSQL. */
export interface WriterTenant {
  tenantId: string
  tenantSchema: string
}

interface Submitted {
  tenantId: string
  pending: PendingChanges
}

/**
 * Stores what running executions record, group-committed per tenant schema: everything handed in
 * while a write is under way goes into the next one, one statement for all (`writeChangesQuery`).
 * The events go into that statement too when the log store is PostgreSQL (`inline`); any other
 * store gets them in one `append` per batch once the statement has committed, for the executions
 * this runner still held.
 */
export class GroupCommitWriter {
  private readonly commit: GroupCommit<Submitted, WrittenExecution>

  constructor(statements: PreparedStatements, runnerId: string, eventLog: ExecutionEventLog) {
    this.commit = new GroupCommit(async (schema, batch) => {
      const changes = batch.map(({ pending }) => pending.take())
      const { sql, bindings } = writeChangesQuery(schema, runnerId, changes, { withEvents: eventLog.inline })
      const result = await statements.run(sql, bindings)
      const written = readWrittenExecutions(result.rows)
      const appendFailure = eventLog.inline ? undefined : await appendOwnedEvents(eventLog, batch[0].tenantId, changes, written)
      return changes.map(({ executionId, events }) => {
        const outcome = written.get(executionId)
        if (!outcome) return new LeaseLostError(executionId)
        return appendFailure && events.length ? appendFailure : outcome
      })
    })
  }

  /**
   * Stores `pending` with the next write of its schema. Resolves once it is stored; rejects with
   * `LeaseLostError` when the execution no longer names this runner (nothing of it was stored),
   * or with `EventAppendError` when the log store kept failing to take its events (its node states
   * and status are stored). An owner hands in its next changes only after the previous ones
   * settled, so an execution's batches are stored in `seq` order and at most one of them is in
   * any statement.
   */
  write(tenant: WriterTenant, pending: PendingChanges): Promise<WrittenExecution> {
    return this.commit.submit(tenant.tenantSchema, { tenantId: tenant.tenantId, pending })
  }
}

/** Appends the events of the executions the statement stored; the error, when the store kept failing. */
async function appendOwnedEvents(
  eventLog: ExecutionEventLog,
  tenantId: string,
  changes: ExecutionChanges[],
  written: Map<string, WrittenExecution>
): Promise<EventAppendError | undefined> {
  const events = changes.filter(({ executionId }) => written.has(executionId)).flatMap((owned) => owned.events)
  if (!events.length) return undefined
  try {
    await appendWithRetries(() => eventLog.append(tenantId, events))
    return undefined
  } catch (error) {
    return new EventAppendError(error as Error)
  }
}
