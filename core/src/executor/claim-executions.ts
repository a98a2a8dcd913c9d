import type { Knex } from 'knex'
import type { ResumedNode } from './runner/run-flow.js'

/** A runner's claim: its id and how long the claim lasts. */
export interface Claim {
  runnerId: string
  leaseUntil: Date
}

/**
 * Claims, for `claim`, the queued or running executions of `schema` whose lease ran out or that
 * no runner claimed yet, and answers their rows: only those of `ids` when given, never those of
 * `except` (what the claiming runner still runs itself: a run of its own that stalled past its
 * lease is not taken over by its own sweep, it renews its lease or learns it lost it). Taking
 * over a lease that ran out is a takeover: the runner that held it crashed, was killed or stalled
 * past it. The same statement counts it (`takeovers`), so concurrent sweeps never miss or double
 * one, and an execution that keeps taking its runners down is quarantined (see `quarantine.ts`).
 */
export async function claimExecutions<Row>(knex: Knex, schema: string, claim: Claim, { ids, except = [] }: { ids?: string[]; except?: string[] } = {}): Promise<Row[]> {
  const query = knex('executions')
    .withSchema(schema)
    .whereIn('status', ['queued', 'running'])
    .where((expired) => expired.whereNull('leaseUntil').orWhere('leaseUntil', '<', new Date()))
  if (ids) query.whereIn('id', ids)
  if (except.length) query.whereNotIn('id', except)
  return (await query
    .update({ runnerId: claim.runnerId, leaseUntil: claim.leaseUntil, takeovers: knex.raw('takeovers + (case when lease_until is null then 0 else 1 end)') })
    .returning('*')) as Row[]
}

/** The node states an earlier runner stored for an execution, which a takeover resumes from. */
export async function storedNodeStates(knex: Knex, schema: string, executionId: string): Promise<Map<string, ResumedNode>> {
  const nodes = (await knex('executionNodes').withSchema(schema).where({ executionId })) as Array<ResumedNode & { nodeId: string }>
  return new Map(nodes.map((node) => [node.nodeId, { status: node.status, port: node.port, output: node.output, attempts: node.attempts }]))
}
