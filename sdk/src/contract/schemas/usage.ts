import { Type, type Static } from '@feathersjs/typebox'
import { Timestamp } from './common.js'

/** `GET /api/v1/usage`: LLM tokens and cost of the tenant, totalled per group. */
export const usageQuerySchema = Type.Object(
  {
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    groupBy: Type.Optional(Type.Union([Type.Literal('provider'), Type.Literal('model'), Type.Literal('day')])),
    executionId: Type.Optional(Type.String({ format: 'uuid' }))
  },
  { additionalProperties: false }
)
export type UsageQuery = Static<typeof usageQuerySchema>

export interface UsageRow {
  /** The provider id, model name or day (YYYY-MM-DD), per `groupBy`; `total` without one. */
  key: string
  calls: number
  cachedCalls: number
  promptTokens: number
  completionTokens: number
  costUsd: number
}

export interface UsageReport {
  groupBy: 'provider' | 'model' | 'day' | 'total'
  total: Omit<UsageRow, 'key'>
  data: UsageRow[]
}
