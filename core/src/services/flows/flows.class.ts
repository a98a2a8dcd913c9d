import type { Id, NullableId } from '@feathersjs/feathers'
import type { Flow, FlowData, FlowPatch } from '@troupe/sdk'
import { TenantSchemaService, type TenantServiceParams } from '../tenant-schema-service.js'
import { isDeepStrictEqual } from 'node:util'

/** What a flow version holds: a save that changes none of it keeps the version. */
const versionedFields = ['name', 'nodes', 'edges'] as const

/** Flows of the caller's tenant, stored in its own schema. */
export class FlowsService extends TenantSchemaService<Flow, FlowData, TenantServiceParams, FlowPatch> {
  /**
   * A save that changes what a version holds (name, nodes, edges) bumps the version, in the same
   * statement as the change; one that changes none of it (saving an unchanged graph, switching the
   * flow off, another error flow) keeps it, so no identical version is stored.
   */
  async _patch(id: null, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow[]>
  async _patch(id: Id, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow>
  async _patch(id: NullableId, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow | Flow[]>
  async _patch(id: NullableId, data: FlowPatch | Partial<Flow>, params?: TenantServiceParams): Promise<Flow | Flow[]> {
    const bump = { version: this.options.Model.raw('?? + 1', ['version']) }
    if (id === null) return super._patch(id, { ...data, ...bump } as unknown as FlowPatch, params)
    // Read in the save's transaction, with the row locked: a concurrent save waits, then compares with this one's result.
    const current = (await this.db(params).where({ id }).forUpdate().first()) as Flow | undefined
    const changes = current === undefined || versionedFields.some((field) => field in data && !isDeepStrictEqual((data as Record<string, unknown>)[field], current[field]))
    return super._patch(id, { ...data, ...(changes ? bump : {}) } as unknown as FlowPatch, params)
  }

  /** A replace sets every editable field (omitted ones to their empty value) and keeps the metadata. */
  async _update(id: Id, data: FlowData, params?: TenantServiceParams): Promise<Flow> {
    return this._patch(id, { description: '', nodes: [], edges: [], notes: [], pinnedOutputs: {}, ...data }, params)
  }
}
