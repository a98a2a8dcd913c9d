import { BadRequest, Conflict } from '@feathersjs/errors'
import type { Id, NullableId } from '@feathersjs/feathers'
import type { Execution, ExecutionData } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { isTerminal } from '../../executor/public-execution.js'
import { nodeTypeLookup } from '../../executor/node-type-lookup.js'
import { checkFlowInput } from '../../flows/flow-input-schema.js'
import { TenantSchemaService, type TenantSchemaServiceOptions, type TenantServiceParams } from '../tenant-schema-service.js'

export interface ExecutionParams extends TenantServiceParams {
  /** Set by the webhook route; clients always start `manual` executions. */
  trigger?: 'manual' | 'webhook'
}


/**
 * Executions of the tenant's flows. `create` stores a queued execution that pins the flow's
 * current version, answers at once, and hands it to the dispatcher; a client's `patch` can only
 * cancel.
 */
export class ExecutionsService extends TenantSchemaService<Execution, ExecutionData, ExecutionParams> {
  constructor(
    options: TenantSchemaServiceOptions,
    private readonly app: Application
  ) {
    super(options)
  }

  async create(data: ExecutionData, params?: ExecutionParams): Promise<Execution>
  async create(data: ExecutionData[], params?: ExecutionParams): Promise<Execution[]>
  async create(data: ExecutionData | ExecutionData[], params?: ExecutionParams): Promise<Execution | Execution[]>
  async create(data: ExecutionData | ExecutionData[], params: ExecutionParams = {}): Promise<Execution | Execution[]> {
    if (Array.isArray(data)) throw new BadRequest('Start one execution at a time')
    const principal = params.principal!
    const flow = await this.app
      .service('flows')
      ._get(data.flowId, { principal })
      .catch(() => undefined)
    if (!flow) throw new BadRequest(`flowId ${data.flowId} is not a flow of this tenant`, [{ field: 'flowId', message: 'does not exist' }])
    checkFlowInput(flow.nodes, nodeTypeLookup(this.app), data.input)
    const dispatcher = this.app.get('dispatcher')
    const execution = (await this._create(
      {
        flowId: flow.id,
        flowVersion: flow.version,
        status: 'queued',
        trigger: params.trigger ?? 'manual',
        input: data.input ?? null,
        startedBy: principal.userId === 'system' ? null : principal.userId,
        ...dispatcher.initialClaim()
      } as unknown as ExecutionData,
      params
    )) as Execution
    await dispatcher.submit(execution, principal)
    return execution
  }

  async patch(id: Id, data: Partial<Execution>, params?: ExecutionParams): Promise<Execution>
  async patch(id: null, data: Partial<Execution>, params?: ExecutionParams): Promise<Execution[]>
  async patch(id: NullableId, data: Partial<Execution>, params?: ExecutionParams): Promise<Execution | Execution[]>
  async patch(id: NullableId, data: Partial<Execution>, params: ExecutionParams = {}): Promise<Execution | Execution[]> {
    if (!params.provider) return super.patch(id, data, params)
    if (id === null) throw new BadRequest('Cancel one execution at a time')
    const current = await this._get(id, params)
    if (isTerminal(current.status)) throw new Conflict(`Execution ${id} has already ${current.status}`)
    await this.app.get('dispatcher').cancel(String(id), params.principal!)
    return this._get(id, params)
  }
}
