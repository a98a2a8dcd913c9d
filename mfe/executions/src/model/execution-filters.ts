import type { Execution, ExecutionStatus } from '@troupe/sdk'

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
