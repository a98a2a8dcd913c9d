import { GeneralError } from '@feathersjs/errors'
import { KnexService, type KnexAdapterParams } from '@feathersjs/knex'
import type { Principal } from '../declarations.js'

export interface TenantRowsParams extends KnexAdapterParams {
  principal?: Principal
}

/**
 * A control-schema table whose rows carry `tenant_id` (users, API keys): every query is
 * narrowed to the principal's tenant, and new rows are stamped with it. The tenant always
 * comes from the principal, never from the request.
 */
export class TenantRowsService<
  Result = Record<string, unknown>,
  Data = Partial<Result>,
  Params extends TenantRowsParams = TenantRowsParams,
  Patch = Partial<Data>
> extends KnexService<Result, Data, Params, Patch> {
  protected tenantOf(params?: Params): string {
    const tenantId = params?.principal?.tenantId
    if (!tenantId) throw new GeneralError(`${this.options.name} is tenant-owned and was called without a principal`)
    return tenantId
  }

  createQuery(params: Params = {} as Params) {
    const tenantId = this.tenantOf(params)
    const { name } = this.getOptions(params)
    return super.createQuery(params).where(`${name}.tenantId`, tenantId)
  }

  async _create(data: Data, params?: Params): Promise<Result>
  async _create(data: Data[], params?: Params): Promise<Result[]>
  async _create(data: Data | Data[], params?: Params): Promise<Result | Result[]>
  async _create(data: Data | Data[], params?: Params): Promise<Result | Result[]> {
    const tenantId = this.tenantOf(params)
    const stamp = (row: Data) => ({ ...row, tenantId })
    return super._create(Array.isArray(data) ? data.map(stamp) : stamp(data), params)
  }
}
