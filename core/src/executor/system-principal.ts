import type { Principal } from '../declarations.js'
import { tenantSchemaName } from '../db/tenant-schema.js'

/** Who runs work that no user started (a webhook, a recovered execution): the tenant itself. */
export function systemPrincipal(tenantId: string): Principal {
  return { userId: 'system', tenantId, tenantSchema: tenantSchemaName(tenantId), role: 'member' }
}
