import type { ExecutionEventLog } from '@troupe/sdk/plugin'
import type { PreparedStatements } from '../../db/prepared-statements.js'
import { maxChangesBytes, type ExecutionChanges } from './execution-changes.js'
import { EventAppendError, appendWithRetries } from './append-events.js'
import { GroupCommit } from './group-commit.js'
import { LeaseLostError } from './lease-lost-error.js'
import { UnstorableProgressError } from './unstorable-progress.js'
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
 * while a write is under way goes into the next one, one statement for all (`writeChangesQuery`),
 * up to `maxChangesBytes` per statement. The events go into that statement too when the log store
 * is PostgreSQL (`inline`); any other store gets them in one `append` per batch once the
 * statement has committed, for the executions this runner still held. Changes heavier than one
 * write may carry are refused (`UnstorableProgressError`) before anything is serialized.
 */
export class GroupCommitWriter {
  private readonly commit: GroupCommit<Submitted, WrittenExecution>

  constructor(
    private readonly statements: PreparedStatements,
    private readonly runnerId: string,
    eventLog: ExecutionEventLog
  ) {
    this.commit = new GroupCommit(
      async (schema, batch) => {
        const taken = batch.map(({ pending }) => pending.take())
        const changes = taken.filter(({ bytes }) => bytes <= maxChangesBytes)
        const written = changes.length ? await this.store(schema, changes, eventLog.inline) : new Map<string, WrittenExecution>()
        const appendFailure = eventLog.inline ? undefined : await appendOwnedEvents(eventLog, batch[0].tenantId, changes, written)
        return taken.map(({ executionId, events, bytes }) => {
          if (bytes > maxChangesBytes) return UnstorableProgressError.tooLarge(bytes, maxChangesBytes)
          const outcome = written.get(executionId)
          if (!outcome) return new LeaseLostError(executionId)
          return appendFailure && events.length ? appendFailure : outcome
        })
      },
      { weight: ({ pending }) => pending.changes.bytes, maxWeight: maxChangesBytes }
    )
  }

  private async store(schema: string, changes: ExecutionChanges[], withEvents: boolean): Promise<Map<string, WrittenExecution>> {
    const { sql, bindings } = writeChangesQuery(schema, this.runnerId, changes, { withEvents })
    return readWrittenExecutions((await this.statements.run(sql, bindings)).rows)
  }

  /**
   * Stores `pending` with the next write of its schema. Resolves once it is stored; rejects with
   * `LeaseLostError` when the execution no longer names this runner (nothing of it was stored),
   * with `UnstorableProgressError` when it weighs more than one write may carry (nothing stored),
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
