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
}

const table = (db: Knex | Knex.Transaction) => db('flowTriggers').withSchema('public')

/**
 * After a save, in its transaction: the flow's rows follow its trigger nodes of a plugin's
 * trigger type (none left when it has none), so every instance starts what the flow now has.
 */
export async function writeFlowTriggers(db: Knex | Knex.Transaction, plugins: PluginRegistry, tenantId: string, flow: Flow): Promise<void> {
  const rows = flow.nodes
    .filter((node) => plugins.triggerTypes.has(node.type))
    .map((node) => ({
      flowId: flow.id,
      nodeId: node.id,
      tenantId,
      type: node.type,
      typeVersion: node.typeVersion ?? 1,
      params: JSON.stringify(node.params ?? {}),
      flowVersion: flow.version
    }))
  await table(db).where({ flowId: flow.id }).delete()
  if (rows.length > 0) await table(db).insert(rows)
}

export async function removeFlowTriggers(db: Knex | Knex.Transaction, flowId: string): Promise<void> {
  await table(db).where({ flowId }).delete()
}

/** Every saved plugin trigger of every tenant, for the types this instance can run. */
export async function readFlowTriggers(db: Knex, types: string[]): Promise<FlowTriggerRow[]> {
  if (types.length === 0) return []
  return (await table(db).whereIn('type', types).select('flowId', 'nodeId', 'tenantId', 'type', 'typeVersion', 'params', 'flowVersion')) as FlowTriggerRow[]
}
