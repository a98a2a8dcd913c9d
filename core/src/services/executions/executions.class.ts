import { BadRequest, Conflict } from '@feathersjs/errors'
import type { Id, NullableId } from '@feathersjs/feathers'
import type { Execution, ExecutionData } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { isTerminal } from '../../executor/public-execution.js'
import { nodeTypeLookup } from '../../executor/node-type-lookup.js'
import { checkFlowInput } from '../../flows/flow-input-schema.js'
import { tenantLogicFor } from '../../tenant-logic/tenant-logic.js'
import { CurrentFlowCache } from './current-flow-cache.js'
import { QueuedExecutionInserter } from './queued-execution-inserter.js'
import { crewExecutionGraph } from './crew-execution-graph.js'
import { assertExecutionQuota, executionQuotaExceeded } from './concurrency-quota.js'
import { removeFinishedExecution } from './remove-finished-execution.js'
import { assertStorageQuota } from '../../limits/storage-quota.js'
import { validateFlow } from '../../executor/graph/validate-flow.js'
import type { ExecutionRow } from '../../executor/execution-dispatcher.js'
import type { FlowShape } from '../../executor/graph/flow-shapes.js'
import { TenantSchemaService, type TenantSchemaServiceOptions, type TenantServiceParams } from '../tenant-schema-service.js'

export interface ExecutionParams extends TenantServiceParams {
  /** Set by the webhook route; clients always start `manual` executions. */
  trigger?: 'manual' | 'webhook'
  /** Internal callers only (plugins: chat with an agent): run this graph instead of a flow. */
  graph?: FlowShape
}


/**
 * Executions of the tenant's flows. `create` stores a queued execution that pins the flow's
 * current version, answers at once, and hands it to the dispatcher; a client's `patch` can only
 * cancel.
 */
export class ExecutionsService extends TenantSchemaService<Execution, ExecutionData, ExecutionParams> {
  private readonly currentFlows: CurrentFlowCache
  private readonly inserter: QueuedExecutionInserter

  constructor(
    options: TenantSchemaServiceOptions,
    private readonly app: Application
  ) {
    super(options)
    this.currentFlows = new CurrentFlowCache((flowId, principal) =>
      app
        .service('flows')
        ._get(flowId, { principal })
        .catch(() => undefined)
    )
    this.inserter = new QueuedExecutionInserter(app.get('statements'), app.get('config').tenantMaxConcurrentExecutions)
  }

  async create(data: ExecutionData, params?: ExecutionParams): Promise<Execution>
  async create(data: ExecutionData[], params?: ExecutionParams): Promise<Execution[]>
  async create(data: ExecutionData | ExecutionData[], params?: ExecutionParams): Promise<Execution | Execution[]>
  async create(data: ExecutionData | ExecutionData[], params: ExecutionParams = {}): Promise<Execution | Execution[]> {
    if (Array.isArray(data)) throw new BadRequest('Start one execution at a time')
    const principal = params.principal!
    await assertStorageQuota(this.app, principal)
    // Public webhooks run as the system principal, and count against the tenant's quota too.
    const quota = principal.userId !== 'system' || params.trigger === 'webhook'
    if ('crewId' in data || (params.graph && !params.provider)) {
      if (quota) await assertExecutionQuota(this.app, principal)
      if ('crewId' in data) return this.createGraphRun(await crewExecutionGraph(this.app, principal, data.crewId), data.crewId, data.input, params)
      return this.createGraphRun(params.graph!, null, data.input, params)
    }
    const dispatcher = this.app.get('dispatcher')
    const values = {
      trigger: params.trigger ?? 'manual',
      input: data.input ?? null,
      startedBy: principal.userId === 'system' ? null : principal.userId,
      ...dispatcher.initialClaim()
    }
    let execution: Execution | undefined
    // The cached flow is a hint; when it is no longer current, read it again and recheck the input.
    for (let attempt = 1; !execution; attempt++) {
      const flow = await this.currentFlows.get(principal, data.flowId, attempt > 1)
      if (!flow) throw new BadRequest(`flowId ${data.flowId} is not a flow of this tenant`, [{ field: 'flowId', message: 'does not exist' }])
      await checkFlowInput(flow.nodes, nodeTypeLookup(this.app), data.input, tenantLogicFor(this.app.get('logicPool'), principal.tenantId))
      const outcome = await this.inserter.insert(principal.tenantSchema, principal.tenantId, { ...values, quota, flowId: flow.id, flowVersion: flow.version })
      if ('stored' in outcome) execution = outcome.stored
      else if (outcome.refused === 'quota') throw executionQuotaExceeded(outcome.limit)
      else if (attempt === 3) throw new Conflict(`Flow ${data.flowId} keeps changing; start the execution again`)
    }
    await dispatcher.submit(execution as ExecutionRow, principal)
    return execution
  }

  /** A crew run, or an internal caller's graph: an execution with a graph of its own instead of a flow version. */
  private async createGraphRun(graph: FlowShape, crewId: string | null, input: unknown, params: ExecutionParams): Promise<Execution> {
    const principal = params.principal!
    validateFlow(graph, nodeTypeLookup(this.app))
    const dispatcher = this.app.get('dispatcher')
    const execution = (await this._create(
      {
        flowId: null,
        flowVersion: null,
        crewId,
        graph,
        status: 'queued',
        trigger: 'manual',
        input: input ?? {},
        startedBy: principal.userId === 'system' ? null : principal.userId,
        ...dispatcher.initialClaim()
      } as never,
      { principal }
    )) as Execution
    await dispatcher.submit(execution as unknown as ExecutionRow, principal)
    return execution
  }

  async remove(id: Id, params?: ExecutionParams): Promise<Execution>
  async remove(id: null, params?: ExecutionParams): Promise<Execution[]>
  async remove(id: NullableId, params?: ExecutionParams): Promise<Execution | Execution[]>
  async remove(id: NullableId, params: ExecutionParams = {}): Promise<Execution | Execution[]> {
    if (id === null) throw new BadRequest('Remove one execution at a time')
    return removeFinishedExecution(this.app, params.principal!, await this._get(id, params))
  }

  async patch(id: Id, data: Partial<Execution>, params?: ExecutionParams): Promise<Execution>
  async patch(id: null, data: Partial<Execution>, params?: ExecutionParams): Promise<Execution[]>
  async patch(id: NullableId, data: Partial<Execution>, params?: ExecutionParams): Promise<Execution | Execution[]>
  async patch(id: NullableId, data: Partial<Execution>, params: ExecutionParams = {}): Promise<Execution | Execution[]> {
    if (!params.provider) return super.patch(id, data as never, params)
    if (id === null) throw new BadRequest('Cancel one execution at a time')
    const current = await this._get(id, params)
    if (isTerminal(current.status)) throw new Conflict(`Execution ${id} has already ${current.status}`)
    await this.app.get('dispatcher').cancel(String(id), params.principal!)
    return this._get(id, params)
  }
}
