import type { TenantLogic } from '@troupe/sdk/plugin'
import { tenantLogicFrom } from '@troupe/sdk/logic'
import type { LogicPool } from './logic-pool.js'

/** The tenant's `TenantLogic`: every request it cannot answer in place goes to the pool, under the tenant's share. */
export function tenantLogicFor(pool: LogicPool, tenantId: string): TenantLogic {
  return tenantLogicFrom((request, { signal }) => pool.run(tenantId, request, signal))
}
