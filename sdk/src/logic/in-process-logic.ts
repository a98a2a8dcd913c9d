import { answerLogicRequest, type LogicLimits } from './logic-request.js'
import { tenantLogicFrom } from './tenant-logic-from.js'
import type { TenantLogic } from '../plugin/tenant-logic.js'

/**
 * `TenantLogic` answered in the calling thread: the same answers as the host's, bounded in time
 * only cooperatively and not at all in memory. For tests and plugin harnesses; a host evaluates
 * tenants' logic in isolated workers.
 */
export function inProcessLogic(limits: Partial<Omit<LogicLimits, 'signal'>> = {}): TenantLogic {
  const bounds = { timeoutMs: limits.timeoutMs ?? 1000, maxResultBytes: limits.maxResultBytes ?? 16 * 1024 * 1024 }
  return tenantLogicFrom((request, { signal }) => answerLogicRequest(request, { ...bounds, signal }))
}
