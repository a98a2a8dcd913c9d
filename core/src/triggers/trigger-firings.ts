import type { Knex } from 'knex'

/** How long a firing's key is remembered: a key used again later starts the flow again. */
export const firingKeyTtlMs = 24 * 60 * 60 * 1000

const table = (knex: Knex) => knex('triggerFirings').withSchema('public')

export interface Firing {
  flowId: string
  nodeId: string
  key: string
  tenantId: string
}

/**
 * Keyed firings of plugin triggers, claimed across instances: the first claim of a flow, node and
 * key wins (a primary key, no lock held), so a timer firing on every instance starts one run.
 */
export class TriggerFirings {
  private lastPrune = 0

  constructor(private readonly knex: Knex) {}

  /** Whether this caller won the key. */
  async claim(firing: Firing): Promise<boolean> {
    const inserted = await table(this.knex).insert(firing).onConflict(['flowId', 'nodeId', 'key']).ignore().returning('key')
    return inserted.length > 0
  }

  async recordExecution(firing: Firing, executionId: string): Promise<void> {
    await table(this.knex).where({ flowId: firing.flowId, nodeId: firing.nodeId, key: firing.key }).update({ executionId })
  }

  /** Gives the key back when the execution could not start (over quota), so the flow is not skipped silently for good. */
  async release(firing: Firing): Promise<void> {
    await table(this.knex).where({ flowId: firing.flowId, nodeId: firing.nodeId, key: firing.key }).whereNull('executionId').delete()
  }

  /** The newest firing of a trigger node, however old. */
  async last(flowId: string, nodeId: string): Promise<{ key: string; firedAt: string } | null> {
    const row = (await table(this.knex).where({ flowId, nodeId }).orderBy('firedAt', 'desc').first('key', 'firedAt')) as { key: string; firedAt: Date } | undefined
    return row ? { key: row.key, firedAt: new Date(row.firedAt).toISOString() } : null
  }

  /** Forgets keys older than a day but each node's newest, at most once an hour per instance. */
  async prune(now = Date.now()): Promise<void> {
    if (now - this.lastPrune < 60 * 60 * 1000) return
    this.lastPrune = now
    await this.knex.raw(
      `delete from public.trigger_firings as f where f.fired_at < ?
         and exists (select 1 from public.trigger_firings as g where g.flow_id = f.flow_id and g.node_id = f.node_id and g.fired_at > f.fired_at)`,
      [new Date(now - firingKeyTtlMs)]
    )
  }
}
