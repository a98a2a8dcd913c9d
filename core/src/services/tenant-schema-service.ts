import { GeneralError } from '@feathersjs/errors'
import { KnexService, type KnexAdapterOptions, type KnexAdapterParams } from '@feathersjs/knex'
import type { Id, NullableId } from '@feathersjs/feathers'
import type { Principal } from '../declarations.js'

export interface TenantServiceParams extends KnexAdapterParams {
  principal?: Principal
}

export interface TenantSchemaServiceOptions extends KnexAdapterOptions {
  /** jsonb columns: serialized on write so arrays are stored as JSON, not Postgres arrays. */
  jsonColumns?: string[]
}

/**
 * A table inside each tenant's own schema. Every query is qualified with the schema of the
 * calling principal (`"tenant_x"."flows"`), so there is no `search_path` to leak across pooled
 * connections, and a call without a principal fails instead of touching another tenant.
 */
export class TenantSchemaService<
  Result = Record<string, unknown>,
  Data = Partial<Result>,
  Params extends TenantServiceParams = TenantServiceParams,
  Patch = Partial<Data>
> extends KnexService<Result, Data, Params, Patch> {
  declare options: TenantSchemaServiceOptions

  constructor(options: TenantSchemaServiceOptions) {
    super(options)
  }

  getOptions(params: Params) {
    const options = super.getOptions(params)
    const schema = params?.principal?.tenantSchema
    return schema ? { ...options, schema } : { ...options, schema: undefined }
  }

  /** Every query starts here: without a principal's schema there is no table to query. */
  db(params?: Params) {
    if (!params?.principal?.tenantSchema) {
      throw new GeneralError(`${this.options.name} is tenant-owned and was called without a principal`)
    }
    return super.db(params)
  }

  get fullName(): string {
    return this.options.name
  }

  protected serialize<T>(data: T): T {
    const columns = this.options.jsonColumns ?? []
    if (!columns.length || !data || typeof data !== 'object') return data
    const copy = { ...data } as Record<string, unknown>
    for (const column of columns) {
      if (copy[column] !== undefined) copy[column] = JSON.stringify(copy[column])
    }
    return copy as T
  }

  async _create(data: Data, params?: Params): Promise<Result>
  async _create(data: Data[], params?: Params): Promise<Result[]>
  async _create(data: Data | Data[], params?: Params): Promise<Result | Result[]>
  async _create(data: Data | Data[], params?: Params): Promise<Result | Result[]> {
    const rows = Array.isArray(data) ? data.map((row) => this.serialize(row)) : this.serialize(data)
    return super._create(rows, params)
  }

  async _patch(id: null, data: Patch | Partial<Result>, params?: Params): Promise<Result[]>
  async _patch(id: Id, data: Patch | Partial<Result>, params?: Params): Promise<Result>
  async _patch(id: NullableId, data: Patch | Partial<Result>, params?: Params): Promise<Result | Result[]>
  async _patch(id: NullableId, data: Patch | Partial<Result>, params?: Params): Promise<Result | Result[]> {
    return super._patch(id, this.serialize(data), params)
  }

  async _update(id: Id, data: Data, params?: Params): Promise<Result> {
    return super._update(id, this.serialize(data), params)
  }
}
