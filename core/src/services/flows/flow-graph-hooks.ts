import { createHash } from 'node:crypto'
import type { Flow } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { validateFlow } from '../../executor/graph/validate-flow.js'
import { nodeTypeLookup } from '../../executor/node-type-lookup.js'

type FlowContext = HookContext & { params: HookContext['params'] & { webhookSecret?: string | null } }

/** The graph a save would leave: checked as a DAG of known node types with valid params. */
export async function validateFlowGraph(context: FlowContext) {
  const data = context.data as Partial<Flow> & { webhookSecret?: string | null }
  if ('webhookSecret' in data) {
    context.params.webhookSecret = data.webhookSecret
    delete data.webhookSecret
  }
  if (context.method === 'patch' && !data.nodes && !data.edges) return
  const existing =
    context.method === 'patch'
      ? await context.app.service('flows')._get(context.id!, { principal: context.params.principal })
      : undefined
  validateFlow({ nodes: data.nodes ?? existing?.nodes ?? [], edges: data.edges ?? existing?.edges ?? [] }, nodeTypeLookup(context.app))
}

/**
 * After a save, in the same transaction: the new version is kept (an execution pins the version
 * it runs), and the flow's webhook route follows whether it starts with `trigger.webhook`.
 */
export async function recordFlowVersion(context: FlowContext) {
  const flow = context.result as Flow
  const trx = context.params.transaction?.trx ?? context.app.get('knex')
  const principal = context.params.principal!
  await trx('flowVersions').withSchema(principal.tenantSchema).insert({
    flowId: flow.id,
    version: flow.version,
    name: flow.name,
    nodes: JSON.stringify(flow.nodes),
    edges: JSON.stringify(flow.edges),
    createdBy: principal.userId === 'system' ? null : principal.userId
  })
  const routes = () => trx('webhookRoutes').withSchema('public')
  if (!flow.nodes.some((node) => node.type === 'trigger.webhook')) {
    await routes().where({ flowId: flow.id }).delete()
    return
  }
  const secret = context.params.webhookSecret
  const secretHash = secret ? createHash('sha256').update(secret).digest('hex') : null
  const existing = await routes().where({ flowId: flow.id }).first()
  const keepSecret = secret === undefined && existing
  await routes()
    .insert({ flowId: flow.id, tenantId: principal.tenantId, secretHash: keepSecret ? existing.secretHash : secretHash, updatedAt: new Date() })
    .onConflict('flowId')
    .merge()
}

export async function removeWebhookRoute(context: FlowContext) {
  const flow = context.result as Flow
  const trx = context.params.transaction?.trx ?? context.app.get('knex')
  await trx('webhookRoutes').withSchema('public').where({ flowId: flow.id }).delete()
}
