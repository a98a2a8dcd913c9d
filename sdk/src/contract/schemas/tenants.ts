import { Type, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

/** A tenant's own value for a limit, at most the server's (`null`: the server's value). */
const Override = (maximum: number, description: string) => Type.Union([Type.Integer({ minimum: 1, maximum }), Type.Null()], { description })

/** The limits in force for the tenant: its own values where set, else the server's. */
export const tenantLimitsSchema = Type.Object(
  {
    maxConcurrentExecutions: Type.Integer(),
    maxStoredBytes: Type.Integer(),
    webhookRateLimitPerMinute: Type.Integer(),
    webhookFlowRateLimitPerMinute: Type.Integer(),
    webhookMaxBodyBytes: Type.Integer(),
    historyMaxAgeDays: Type.Integer(),
    historyFailedMaxAgeDays: Type.Integer(),
    historyMaxCount: Type.Integer()
  },
  { additionalProperties: false }
)
export type EffectiveTenantLimits = Static<typeof tenantLimitsSchema>

export const tenantSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** LLM spend allowed per calendar month (UTC), in US dollars; `null`: no budget. */
    monthlyLlmBudgetUsd: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    /** Executions running or queued at once; `null`: the server's default (`TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS`). */
    maxConcurrentExecutions: Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()]),
    maxStoredBytes: Override(2 ** 50, 'Bytes the execution history may take; at most `TROUPE_TENANT_MAX_STORED_BYTES`'),
    webhookRateLimitPerMinute: Override(10_000_000, 'Webhook calls per minute, all webhooks together; at most `TROUPE_WEBHOOK_RATE_LIMIT`'),
    webhookFlowRateLimitPerMinute: Override(10_000_000, "Calls per minute of any one flow's webhook; at most `TROUPE_WEBHOOK_FLOW_RATE_LIMIT`"),
    webhookMaxBodyBytes: Override(100 * 1024 ** 2, 'Largest webhook body; at most `TROUPE_WEBHOOK_MAX_BODY_BYTES`'),
    historyMaxAgeDays: Override(36_500, 'Days a finished execution is kept; at most `TROUPE_HISTORY_MAX_AGE_DAYS`'),
    historyFailedMaxAgeDays: Override(36_500, 'Days a failed execution is kept; at most `TROUPE_HISTORY_FAILED_MAX_AGE_DAYS`'),
    historyMaxCount: Override(1_000_000_000, 'Finished executions kept, the newest; at most `TROUPE_HISTORY_MAX_COUNT`'),
    /** Read-only, in `/tenants` answers: what the execution history takes (measured every few seconds; see docs/security.md). */
    storedBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Read-only, in `/tenants` answers: the limits in force. */
    limits: Type.Optional(tenantLimitsSchema),
    createdAt: Timestamp
  },
  { $id: 'Tenant', additionalProperties: false }
)
export type Tenant = Static<typeof tenantSchema>

/** `PATCH /api/v1/tenants/:id` (admins of that tenant). */
export const tenantPatchSchema = Type.Partial(
  Type.Pick(tenantSchema, [
    'name',
    'monthlyLlmBudgetUsd',
    'maxConcurrentExecutions',
    'maxStoredBytes',
    'webhookRateLimitPerMinute',
    'webhookFlowRateLimitPerMinute',
    'webhookMaxBodyBytes',
    'historyMaxAgeDays',
    'historyFailedMaxAgeDays',
    'historyMaxCount'
  ]),
  { $id: 'TenantPatch', additionalProperties: false }
)
export type TenantPatch = Static<typeof tenantPatchSchema>
