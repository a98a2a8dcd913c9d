import { Type, type Static } from '@feathersjs/typebox'
import type { Execution } from './executions.js'
import type { UsageRow } from './usage.js'

/** `GET /api/v1/dashboard?days=`: the tenant at a glance, in one call (`days`: 1 to 90, 14 by default). */
export const dashboardQuerySchema = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 }))
  },
  { additionalProperties: false }
)
export type DashboardQuery = Static<typeof dashboardQuerySchema>

/** Executions started on one day (UTC) by how they ended; runs still going count in neither. */
export interface DashboardDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string
  succeeded: number
  failed: number
  cancelled: number
}

export interface DashboardSummary {
  counts: { flows: number; executions: number; tools: number; running: number }
  /** The eight latest executions, newest first. */
  recent: Execution[]
  /** The names of the flows `recent` ran (by id); a deleted flow is missing. */
  flowNames: Record<string, string>
  /** Every day of the period, oldest first, zeros included. */
  outcomes: DashboardDay[]
  /** LLM calls and cost per day of the period (days without calls are left out). */
  spend: UsageRow[]
  /** LLM calls and cost over the period. */
  spendTotal: Omit<UsageRow, 'key'>
}
