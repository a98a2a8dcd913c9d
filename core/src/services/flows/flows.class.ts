import type { Id, NullableId } from '@feathersjs/feathers'
import type { Flow, FlowData, FlowPatch } from '@troupe/sdk'
import { TenantSchemaService, type TenantServiceParams } from '../tenant-schema-service.js'

/** Flows of the caller's tenant, stored in its own schema. */
export class FlowsService extends TenantSchemaService<Flow, FlowData, TenantServiceParams, FlowPatch> {
  /** Every saved change bumps the version, in the same statement as the change. */
  async _patch(id: null, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow[]>
  async _patch(id: Id, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow>
  async _patch(id: NullableId, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow | Flow[]>
  async _patch(id: NullableId, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow | Flow[]> {
    const version = this.options.Model.raw('?? + 1', ['version'])
    return super._patch(id, { ...data, version } as unknown as FlowPatch, params)
  }

  /** A replace sets every editable field (omitted ones to their empty value) and keeps the metadata. */
  async _update(id: Id, data: FlowData, params?: TenantServiceParams): Promise<Flow> {
    return this._patch(id, { description: '', nodes: [], edges: [], ...data }, params)
  }
}
