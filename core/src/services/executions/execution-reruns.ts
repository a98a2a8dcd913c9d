import { BadRequest, Conflict, NotFound } from '@feathersjs/errors'
import { executionRerunDataSchema, executionSchema, isTerminalExecutionStatus, servicePaths, serviceMethods, upstreamOf, type Execution, type ExecutionRerunData, type FlowEdge, type FlowNode } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { nodeTypeLookup } from '../../executor/node-type-lookup.js'
import { storeAndSubmit } from './store-and-submit.js'
import { checkFlowInput } from '../../flows/flow-input-schema.js'
import { assertStorageQuota } from '../../limits/storage-quota.js'
import { tenantLogicFor } from '../../tenant-logic/tenant-logic.js'
import { isUuid } from '../../validation/is-uuid.js'
import { registerService } from '../register-service.js'

interface RerunParams {
  principal?: Principal
  route?: { executionId?: string }
}

const refused = (field: 'fromNodeId' | 'input', message: string, detail = message) => new BadRequest(detail, [{ field, message }])

/**
 * `POST /api/v1/executions/:executionId/rerun {fromNodeId?, input?}`: a new execution of the
 * version of the flow the ended execution ran, linked to it (`rerunOf`). From a node: every node
 * upstream of it starts with its recorded state (copied in the statement that stores the new
 * execution, so a crash never leaves a re-run that would redo them), the rest runs. From the
 * start: with `input`, checked against the trigger's schema, or the recorded input.
 */
export class ExecutionRerunsService {
  constructor(private readonly app: Application) {}

  async create(data: ExecutionRerunData, params: RerunParams): Promise<Execution> {
    const principal = params.principal!
    const executionId = params.route?.executionId ?? ''
    if (!isUuid(executionId)) throw new NotFound(`No record found for id '${executionId}'`)
    const source = await this.app.service('executions')._get(executionId, { principal })
    if (!isTerminalExecutionStatus(source.status)) throw new Conflict(`Execution ${executionId} has not ended: wait for it, or cancel it first`)
    if (!source.flowId || source.flowVersion === null) throw new BadRequest('Only runs of a flow can be re-run (start this one again the way it was started)')
    if (data.fromNodeId !== undefined && data.input !== undefined) throw refused('input', 'applies only to a re-run from the start: a re-run from a node keeps the recorded input')
    const version = (await this.app.get('knex')('flowVersions').withSchema(principal.tenantSchema).where({ flowId: source.flowId, version: source.flowVersion }).first()) as
      | { nodes: FlowNode[]; edges: FlowEdge[] }
      | undefined
    if (!version) throw new Conflict(`Version ${source.flowVersion} of the flow is no longer stored: the flow was removed`)

    let reuse: string[] = []
    if (data.fromNodeId !== undefined) {
      if (!version.nodes.some((node) => node.id === data.fromNodeId)) throw refused('fromNodeId', `is not a node of flow version ${source.flowVersion}`)
      reuse = upstreamOf(data.fromNodeId, version.edges)
      const recorded = await this.app.get('executionStore').storedNodeStates(principal.tenantSchema, executionId)
      const missing = reuse.find((nodeId) => !['succeeded', 'skipped'].includes(recorded.get(nodeId)?.status ?? ''))
      if (missing) throw refused('fromNodeId', `cannot be re-run from: node "${missing}" upstream of it has no recorded output (${recorded.get(missing)?.status ?? 'it did not run'})`)
    }
    const input = data.input !== undefined ? data.input : source.input
    if (data.input !== undefined) await checkFlowInput(version.nodes, nodeTypeLookup(this.app), input, tenantLogicFor(this.app.get('logicPool'), principal.tenantId))
    await assertStorageQuota(this.app, principal)

    const started = await storeAndSubmit(this.app, principal, {
      flowId: source.flowId,
      flowVersion: source.flowVersion,
      trigger: 'rerun',
      input,
      quota: true,
      rerun: { of: executionId, fromNodeId: data.fromNodeId ?? null, reuse }
    })
    if (!started) throw new Conflict(`The flow of execution ${executionId} was removed`)
    return started
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'executions/:executionId/rerun': ExecutionRerunsService
  }
}

/** Admins and members re-run (as they run); viewers do not. */
export function executionReruns(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.executionReruns,
      methods: [...serviceMethods['executions/:executionId/rerun']],
      schemas: { data: executionRerunDataSchema, result: executionSchema },
      permissions: (principal, { allow }) => {
        if (principal.role !== 'viewer') allow('create')
      }
    },
    new ExecutionRerunsService(app)
  )
}
