import { tenantSchemaName } from '../db/tenant-schema.js'
import { TenantSchemaService, type TenantServiceParams } from '../services/tenant-schema-service.js'

/**
 * `TenantSchemaService` for a log of the PostgreSQL store: the log contract names a tenant by
 * the principal's `tenantId` alone (what plugins know), so the schema is derived from it when the
 * principal does not carry it.
 */
export class TenantLogTable extends TenantSchemaService {
  private withSchema(params?: TenantServiceParams): TenantServiceParams | undefined {
    const principal = params?.principal
    if (!principal?.tenantId || principal.tenantSchema) return params
    return { ...params, principal: { ...principal, tenantSchema: tenantSchemaName(principal.tenantId) } }
  }

  getOptions(params: TenantServiceParams) {
    return super.getOptions(this.withSchema(params)!)
  }

  db(params?: TenantServiceParams) {
    return super.db(this.withSchema(params))
  }
}
