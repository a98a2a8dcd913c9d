import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
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
}

const { parse: camelCaseKeys } = snakeCaseMappers()

/**
 * Stores queued executions, group-committed per tenant schema: executions started at the same
 * time share one insert. Each row is inserted only while its flow exists with the version it
 * names as the current one, so a flow saved in between is never run at a version its input was
 * not checked against; `insert` then answers `undefined`.
 */
export class QueuedExecutionInserter {
  private readonly commit: GroupCommit<Record<string, unknown>, Execution | undefined>

  constructor(knex: Knex) {
    this.commit = new GroupCommit(async (schema, rows) => {
      const result = (await knex.raw(
        `insert into ??.executions (id, flow_id, flow_version, status, trigger, input, started_by, runner_id, lease_until)
        select v.id, f.id, f.version, 'queued', v.trigger, v.input, v.started_by, v.runner_id, v.lease_until
        from jsonb_to_recordset(?::jsonb) as v(id uuid, flow_id uuid, flow_version integer, trigger text, input jsonb, started_by uuid, runner_id text, lease_until timestamptz)
        join ??.flows as f on f.id = v.flow_id and f.version = v.flow_version
        returning *`,
        [schema, JSON.stringify(rows), schema]
      )) as { rows: Array<Record<string, unknown>> }
      const stored = new Map(result.rows.map((row) => [row.id, camelCaseKeys(row) as unknown as Execution]))
      return rows.map((row) => stored.get(row.id))
    })
  }

  insert(schema: string, values: QueuedExecutionValues): Promise<Execution | undefined> {
    return this.commit.submit(schema, {
      id: randomUUID(),
      flow_id: values.flowId,
      flow_version: values.flowVersion,
      trigger: values.trigger,
      input: values.input ?? null,
      started_by: values.startedBy,
      runner_id: values.runnerId,
      lease_until: values.leaseUntil
    })
  }
}
