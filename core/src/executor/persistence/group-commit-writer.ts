import type { Knex } from 'knex'
import type { ExecutionChanges } from './execution-changes.js'
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

/**
 * Stores what running executions record, group-committed per tenant schema: everything handed in
 * while a write is under way goes into the next one, one statement for all (`writeChangesQuery`).
 */
export class GroupCommitWriter {
  private readonly commit: GroupCommit<PendingChanges, WrittenExecution>

  constructor(knex: Knex, runnerId: string) {
    this.commit = new GroupCommit(async (schema, batch) => {
      const changes = batch.map((pending) => pending.take())
      const { sql, bindings } = writeChangesQuery(schema, runnerId, changes)
      const result = (await knex.raw(sql, bindings)) as { rows: Array<Record<string, unknown>> }
      const written = readWrittenExecutions(result.rows)
      return changes.map(({ executionId }) => written.get(executionId) ?? new LeaseLostError(executionId))
    })
  }

  /**
   * Stores `pending` with the next write of its schema. Resolves once it is stored; rejects with
   * `LeaseLostError` when the execution no longer names this runner (nothing of it was stored).
   * An owner hands in its next changes only after the previous ones settled, so an execution's
   * batches are stored in `seq` order and at most one of them is in any statement.
   */
  write(schema: string, pending: PendingChanges): Promise<WrittenExecution> {
    return this.commit.submit(schema, pending)
  }
}
