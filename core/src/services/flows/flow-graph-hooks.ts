import { createHash } from 'node:crypto'
import type { Flow } from '@troupe/sdk'
import type { HookContext } from '../../declarations.js'
import { validateFlow } from '../../executor/graph/validate-flow.js'
import { nodeTypeLookup } from '../../executor/node-type-lookup.js'
import { signingSecretContext } from '../hooks/webhook-signature.js'
import { flowInputSchemaProblems } from '../../flows/flow-input-schema.js'
import { tenantLogicFor } from '../../tenant-logic/tenant-logic.js'
import { validationError } from '../../validation/ajv.js'
import { removeFlowTriggers, writeFlowTriggers } from '../../triggers/flow-trigger-rows.js'
import { flowCallProblems } from './flow-calls.js'

/** The webhook's write-only settings: they go to its route, never into the flow's row. */
const webhookSecrets = ['webhookSecret', 'webhookSigningSecret'] as const

type WebhookSecrets = { [name in (typeof webhookSecrets)[number]]?: string | null }

type FlowContext = HookContext & { params: HookContext['params'] & WebhookSecrets }

/** The graph a save would leave: checked as a DAG of known node types with valid params. */
export async function validateFlowGraph(context: FlowContext) {
  const data = context.data as Partial<Flow> & WebhookSecrets
  for (const name of webhookSecrets) {
    if (!(name in data)) continue
    context.params[name] = data[name]
    delete data[name]
  }
  if (context.method === 'patch' && !data.nodes && !data.edges) return
  const existing =
    context.method === 'patch'
      ? await context.app.service('flows')._get(context.id!, { principal: context.params.principal })
      : undefined
  // A node saved without a version gets the latest loaded one, and keeps it from then on.
  for (const node of data.nodes ?? []) node.typeVersion ??= context.app.get('plugins').nodeTypes.get(node.type)?.nodeType.version ?? 1
  const nodes = data.nodes ?? existing?.nodes ?? []
  validateFlow({ nodes, edges: data.edges ?? existing?.edges ?? [] }, nodeTypeLookup(context.app))
  const logic = tenantLogicFor(context.app.get('logicPool'), context.params.principal!.tenantId)
  const principal = context.params.principal!
  const saved = { id: context.method === 'create' ? undefined : String(context.id), name: data.name ?? existing?.name ?? 'this flow' }
  const problems = [
    ...(await flowInputSchemaProblems(nodes, nodeTypeLookup(context.app), logic)),
    ...(await nodeParamProblems(context, nodes)),
    ...(await flowCallProblems(context.app, principal, saved, nodes))
  ]
  if (problems.length > 0) throw validationError('flow', problems)
}

/** What node types find wrong with their nodes' params beyond the schema (`NodeType.checkParams`, plugin API 1.5). */
async function nodeParamProblems(context: FlowContext, nodes: Flow['nodes']): Promise<Array<{ field: string; message: string }>> {
  const problems: Array<{ field: string; message: string }> = []
  for (const [index, node] of nodes.entries()) {
    const checkParams = context.app.get('plugins').nodeType(node.type, node.typeVersion)?.nodeType.checkParams
    if (!checkParams) continue
    for (const problem of await checkParams(node.params as never)) {
      problems.push({ field: `nodes.${index}.params${problem.field ? `.${problem.field}` : ''}`, message: problem.message })
    }
  }
  return problems
}

/**
 * After a save, in the same transaction: the new version is kept (an execution pins the version
 * it runs), the flow's webhook route follows whether it starts with `trigger.webhook`, and its
 * rows of plugin triggers follow its trigger nodes.
 */
export async function recordFlowVersion(context: FlowContext) {
  const flow = context.result as Flow
  const trx = context.params.transaction?.trx ?? context.app.get('knex')
  const principal = context.params.principal!
  // A save that kept the version (nothing versioned changed) has its version stored already.
  await trx('flowVersions')
    .withSchema(principal.tenantSchema)
    .insert({
      flowId: flow.id,
      version: flow.version,
      name: flow.name,
      nodes: JSON.stringify(flow.nodes),
      edges: JSON.stringify(flow.edges),
      createdBy: principal.userId === 'system' ? null : principal.userId
    })
    .onConflict(['flowId', 'version'])
    .ignore()
  await writeFlowTriggers(trx, context.app.get('plugins'), principal.tenantId, flow)
  const routes = () => trx('webhookRoutes').withSchema('public')
  if (!flow.nodes.some((node) => node.type === 'trigger.webhook')) {
    await routes().where({ flowId: flow.id }).delete()
    return
  }
  const { webhookSecret, webhookSigningSecret } = context.params
  const existing = await routes().where({ flowId: flow.id }).first()
  // Left out of a save, a secret stays as it was; `null` removes it.
  const secretHash = webhookSecret === undefined ? (existing?.secretHash ?? null) : webhookSecret && createHash('sha256').update(webhookSecret).digest('hex')
  const signingSecret =
    webhookSigningSecret === undefined
      ? (existing?.signingSecret ?? null)
      : webhookSigningSecret && context.app.get('secretBox').encrypt(webhookSigningSecret, signingSecretContext(principal.tenantId, flow.id))
  await routes()
    .insert({ flowId: flow.id, tenantId: principal.tenantId, secretHash, signingSecret, updatedAt: new Date() })
    .onConflict('flowId')
    .merge()
}

/** A removed flow can no longer be started: its webhook route and plugin triggers go with it. */
export async function removeFlowEntryPoints(context: FlowContext) {
  const flow = context.result as Flow
  const trx = context.params.transaction?.trx ?? context.app.get('knex')
  await trx('webhookRoutes').withSchema('public').where({ flowId: flow.id }).delete()
  await removeFlowTriggers(trx, flow.id)
}
