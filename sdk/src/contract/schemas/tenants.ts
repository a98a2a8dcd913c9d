import { Type, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

export const tenantSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** LLM spend allowed per calendar month (UTC), in US dollars; `null`: no budget. */
    monthlyLlmBudgetUsd: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    /** Executions running or queued at once; `null`: the server's default (`TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS`). */
    maxConcurrentExecutions: Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()]),
    createdAt: Timestamp
  },
  { $id: 'Tenant', additionalProperties: false }
)
export type Tenant = Static<typeof tenantSchema>

/** `PATCH /api/v1/tenants/:id` (admins of that tenant). */
export const tenantPatchSchema = Type.Partial(Type.Pick(tenantSchema, ['name', 'monthlyLlmBudgetUsd', 'maxConcurrentExecutions']), {
  $id: 'TenantPatch',
  additionalProperties: false
})
export type TenantPatch = Static<typeof tenantPatchSchema>
