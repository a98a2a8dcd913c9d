import { BadRequest, Conflict } from '@feathersjs/errors'
import type { Id, NullableId, Paginated, PaginationOptions } from '@feathersjs/feathers'
import type { Execution, ExecutionData } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { isTerminalExecutionStatus } from '@troupe/sdk'
import { nodeTypeLookup } from '../../executor/node-type-lookup.js'
import { checkFlowInput } from '../../flows/flow-input-schema.js'
import { tenantLogicFor } from '../../tenant-logic/tenant-logic.js'
import { CurrentFlowCache } from './current-flow-cache.js'
import type { ExecutionTarget, SubExecutionParent, TestRunSeed } from '../../executor/store/queued-execution-inserter.js'
import { testRunSeed } from './test-run-seed.js'
import { storeAndSubmit } from './store-and-submit.js'
import { entryGraph, entryQuery } from './execution-entries.js'
import { entryFields } from '../../executor/execution-entry-fields.js'
import { removeFinishedExecution } from './remove-finished-execution.js'
import { assertStorageQuota } from '../../limits/storage-quota.js'
import { validateFlow } from '../../executor/graph/validate-flow.js'
import type { FlowShape } from '../../executor/graph/flow-shapes.js'
import { TenantSchemaService, type TenantSchemaServiceOptions, type TenantServiceParams } from '../tenant-schema-service.js'

export interface ExecutionParams extends TenantServiceParams {
  /** Set by the webhook route and plugin triggers (their node type); clients always start `manual` executions. */
  trigger?: string
  /** Internal callers only (plugins: chat with an agent): run this graph instead of a flow. */
  graph?: FlowShape
  /** Internal callers only (`startSubExecution`): the run is a sub-flow of this node's execution. */
  parent?: SubExecutionParent
}


/**
 * Executions of the tenant's flows. `create` stores a queued execution that pins the flow's
 * current version, answers at once, and hands it to the dispatcher; `patch` can only cancel.
 * Every row is written by the execution store.
 */
export class ExecutionsService extends TenantSchemaService<Execution, ExecutionData, ExecutionParams> {
  private readonly currentFlows: CurrentFlowCache

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
  }

  async create(data: ExecutionData, params?: ExecutionParams): Promise<Execution>
  async create(data: ExecutionData[], params?: ExecutionParams): Promise<Execution[]>
  async create(data: ExecutionData | ExecutionData[], params?: ExecutionParams): Promise<Execution | Execution[]>
  async create(data: ExecutionData | ExecutionData[], params: ExecutionParams = {}): Promise<Execution | Execution[]> {
    if (Array.isArray(data)) throw new BadRequest('Start one execution at a time')
    const principal = params.principal!
    await assertStorageQuota(this.app, principal)
    // Webhooks and plugin triggers run as the system principal, and count against the tenant's quota too.
    const quota = principal.userId !== 'system' || (params.trigger !== undefined && params.trigger !== 'manual')
    // A plugin's entry (`{crewId, input}`): the schema let through only the loaded entries' fields.
    const field = entryFields(this.app.get('plugins')).find((name) => name in data)
    // An internal caller (the crew plugin's chat) may hand a graph to run; a client never.
    const graph = params.provider ? undefined : params.graph
    const target = field ? await this.entryTarget(principal, field, String((data as unknown as Record<string, unknown>)[field])) : graph && { graph, entry: null }
    if (target) {
      // A graph that cannot run is refused here (400), not after it was stored.
      validateFlow(target.graph, nodeTypeLookup(this.app))
      return this.insertAndSubmit(principal, quota, target, data.input ?? {}, params)
    }
    if (!('flowId' in data)) throw new BadRequest('Name the flow to run', [{ field: 'flowId', message: 'is required' }])
    // The cached flow is a hint; when it is no longer current, read it again and recheck the input.
    for (let attempt = 1; ; attempt++) {
      const flow = await this.currentFlows.get(principal, data.flowId, attempt > 1)
      if (!flow) throw new BadRequest(`flowId ${data.flowId} is not a flow of this tenant`, [{ field: 'flowId', message: 'does not exist' }])
      // A test run (pinned outputs, one node) starts with the node states it was given.
      const seed = testRunSeed(flow, data, this.app.get('config').nodeOutputMaxBytes)
      await checkFlowInput(flow.nodes, nodeTypeLookup(this.app), data.input, tenantLogicFor(this.app.get('logicPool'), principal.tenantId))
      const execution = await this.insertAndSubmit(principal, quota, { flowId: flow.id, flowVersion: flow.version }, data.input ?? null, params, seed)
      if (execution) return execution
      if (attempt === 3) throw new Conflict(`Flow ${data.flowId} keeps changing; start the execution again`)
    }
  }

  /** What a plugin's entry (`{crewId: id}`) runs: the graph it builds from the record, and the entry to store with the run. */
  private async entryTarget(principal: Principal, field: string, id: string) {
    return { graph: await entryGraph(this.app, principal, field, id), entry: { field, id } }
  }

  async find(params?: ExecutionParams & { paginate?: PaginationOptions }): Promise<Paginated<Execution>>
  async find(params?: ExecutionParams & { paginate: false }): Promise<Execution[]>
  async find(params?: ExecutionParams): Promise<Paginated<Execution> | Execution[]>
  async find(params: ExecutionParams = {}): Promise<Paginated<Execution> | Execution[]> {
    // A plugin entry's field (`?crewId=`) filters on the entry columns.
    return super.find({ ...params, query: entryQuery(params.query ?? {}, entryFields(this.app.get('plugins'))) } as ExecutionParams)
  }

  /** Stores the execution and hands it to the dispatcher; `undefined` when the flow changed since it was read. */
  private async insertAndSubmit(principal: Principal, quota: boolean, target: ExecutionTarget, input: unknown, params: ExecutionParams): Promise<Execution>
  private async insertAndSubmit(principal: Principal, quota: boolean, target: ExecutionTarget, input: unknown, params: ExecutionParams, seed?: TestRunSeed): Promise<Execution | undefined>
  private async insertAndSubmit(principal: Principal, quota: boolean, target: ExecutionTarget, input: unknown, params: ExecutionParams, seed?: TestRunSeed): Promise<Execution | undefined> {
    return storeAndSubmit(this.app, principal, {
      ...target,
      trigger: params.trigger ?? 'manual',
      input,
      quota,
      parent: params.provider ? undefined : params.parent,
      seed
    })
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
    // Internal callers too: the execution store owns the rows, and cancelling is the one change from outside a run.
    if (id === null) throw new BadRequest('Cancel one execution at a time')
    if (data.status !== 'cancelled') throw new BadRequest('An execution can only be cancelled', [{ field: 'status', message: 'must be "cancelled"' }])
    const current = await this._get(id, params)
    if (isTerminalExecutionStatus(current.status)) throw new Conflict(`Execution ${id} has already ${current.status}`)
    await this.app.get('dispatcher').cancel(String(id), params.principal!)
    return this._get(id, params)
  }
}
