import { executionStatuses, type Execution, type ExecutionStatus } from '@troupe/sdk'

export interface ExecutionFilters {
  status?: ExecutionStatus
  flowId?: string
  /** `manual`, `webhook`, `error`, or a plugin's trigger type (`trigger.schedule`). */
  trigger?: string
}

/** The `find` query for a page of executions, newest first. */
export function executionQuery(filters: ExecutionFilters, skip: number, limit: number): Record<string, unknown> {
  const query: Record<string, unknown> = { $sort: { createdAt: -1 }, $skip: skip, $limit: limit }
  if (filters.status) query.status = filters.status
  if (filters.flowId) query.flowId = filters.flowId
  if (filters.trigger) query.trigger = filters.trigger
  return query
}

/** Whether a live execution (from a `created` or `patched` event) belongs in the filtered list. */
export function matchesFilters(execution: Execution, filters: ExecutionFilters): boolean {
  return (
    (!filters.status || execution.status === filters.status) &&
    (!filters.flowId || execution.flowId === filters.flowId) &&
    (!filters.trigger || execution.trigger === filters.trigger)
  )
}

/** The filters a page address carries (`?status=failed&flowId=…&trigger=webhook`); anything unreadable is no filter. */
export function filtersFromQuery(query: Record<string, unknown>): ExecutionFilters {
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined)
  const filters: ExecutionFilters = {}
  const status = text(query.status)
  if (status && (executionStatuses as readonly string[]).includes(status)) filters.status = status as ExecutionStatus
  const flowId = text(query.flowId)
  if (flowId) filters.flowId = flowId
  const trigger = text(query.trigger)
  if (trigger) filters.trigger = trigger
  return filters
}

/** The page address's query for `filters`, so a filtered list can be reloaded, shared and gone back to. */
export function filtersToQuery(filters: ExecutionFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => typeof value === 'string' && value.length > 0)) as Record<string, string>
}
