import type { Knex } from 'knex'
import type { Flow } from '@troupe/sdk'
import type { PluginRegistry } from '../plugins/plugin-registry.js'

/** One saved trigger node whose lifecycle a plugin runs (`public.flow_triggers`). */
export interface FlowTriggerRow {
  flowId: string
  nodeId: string
  tenantId: string
  type: string
  typeVersion: number
  params: Record<string, unknown>
  flowVersion: number
  savedAt: Date | string
}

const table = (db: Knex | Knex.Transaction) => db('flowTriggers').withSchema('public')

const sameNode = (a: { type: string; typeVersion: number; params: unknown }, b: { type: string; typeVersion: number; params: unknown }) =>
  a.type === b.type && a.typeVersion === b.typeVersion && JSON.stringify(a.params) === JSON.stringify(b.params)

/**
 * After a save, in its transaction: the flow's rows follow its trigger nodes of a plugin's
 * trigger type (none left when it has none), so every instance starts what the flow now has. A
 * node the save left as it was keeps its `savedAt`.
 */
export async function writeFlowTriggers(db: Knex | Knex.Transaction, plugins: PluginRegistry, tenantId: string, flow: Flow): Promise<void> {
  // An inactive flow keeps no trigger rows: its triggers stop on every instance, and start again when it is activated.
  const wanted = (flow.active === false ? [] : flow.nodes)
    .filter((node) => plugins.triggerTypes.has(node.type))
    .map((node) => ({ flowId: flow.id, nodeId: node.id, tenantId, type: node.type, typeVersion: node.typeVersion ?? 1, params: node.params ?? {}, flowVersion: flow.version }))
  const existing = new Map(((await table(db).where({ flowId: flow.id }).select('nodeId', 'type', 'typeVersion', 'params')) as FlowTriggerRow[]).map((row) => [row.nodeId, row]))
  await table(db)
    .where({ flowId: flow.id })
    .whereNotIn('nodeId', wanted.map((row) => row.nodeId))
    .delete()
  for (const row of wanted) {
    const before = existing.get(row.nodeId)
    const stored = { ...row, params: JSON.stringify(row.params) }
    if (!before) await table(db).insert(stored)
    else if (sameNode(before, row)) await table(db).where({ flowId: flow.id, nodeId: row.nodeId }).update({ flowVersion: row.flowVersion })
    else await table(db).where({ flowId: flow.id, nodeId: row.nodeId }).update({ ...stored, savedAt: new Date() })
  }
}

export async function removeFlowTriggers(db: Knex | Knex.Transaction, flowId: string): Promise<void> {
  await table(db).where({ flowId }).delete()
}

/** Every saved plugin trigger of every tenant, for the types this instance can run. */
export async function readFlowTriggers(db: Knex, types: string[]): Promise<FlowTriggerRow[]> {
  if (types.length === 0) return []
  return (await table(db).whereIn('type', types).select('flowId', 'nodeId', 'tenantId', 'type', 'typeVersion', 'params', 'flowVersion', 'savedAt')) as FlowTriggerRow[]
}
