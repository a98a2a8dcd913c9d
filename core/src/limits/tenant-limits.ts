import { BadRequest } from '@feathersjs/errors'
import type { EffectiveTenantLimits, TenantPatch } from '@troupe/sdk'
import type { Knex } from 'knex'
import { LRUCache } from 'lru-cache'
import type { TroupeConfig } from '../config/load-config.js'

type Overridable =
  | 'maxStoredBytes'
  | 'webhookRateLimitPerMinute'
  | 'webhookFlowRateLimitPerMinute'
  | 'webhookMaxBodyBytes'
  | 'historyMaxAgeDays'
  | 'historyFailedMaxAgeDays'
  | 'historyMaxCount'

/** The limits a tenant admin may set: each defaults to the server's value, which is also its ceiling. */
const serverValues: Record<Overridable, { variable: string; of: (config: TroupeConfig) => number }> = {
  maxStoredBytes: { variable: 'TROUPE_TENANT_MAX_STORED_BYTES', of: (config) => config.tenantMaxStoredBytes },
  webhookRateLimitPerMinute: { variable: 'TROUPE_WEBHOOK_RATE_LIMIT', of: (config) => config.webhookRateLimitPerMinute },
  webhookFlowRateLimitPerMinute: { variable: 'TROUPE_WEBHOOK_FLOW_RATE_LIMIT', of: (config) => config.webhookFlowRateLimitPerMinute },
  webhookMaxBodyBytes: { variable: 'TROUPE_WEBHOOK_MAX_BODY_BYTES', of: (config) => config.webhookMaxBodyBytes },
  historyMaxAgeDays: { variable: 'TROUPE_HISTORY_MAX_AGE_DAYS', of: (config) => config.historyMaxAgeDays },
  historyFailedMaxAgeDays: { variable: 'TROUPE_HISTORY_FAILED_MAX_AGE_DAYS', of: (config) => config.historyFailedMaxAgeDays },
  historyMaxCount: { variable: 'TROUPE_HISTORY_MAX_COUNT', of: (config) => config.historyMaxCount }
}

const overridable = Object.keys(serverValues) as Overridable[]

/** The tenant columns `effectiveLimits` reads. */
export const tenantLimitColumns = ['maxConcurrentExecutions', ...overridable] as const

export type TenantLimitRow = Partial<Record<(typeof tenantLimitColumns)[number], number | string | null>>

/**
 * The limits in force for a tenant: its own values where set, else the server's. An own value
 * above the server's (set before the operator lowered it) gives way to the server's.
 */
export function effectiveLimits(row: TenantLimitRow | undefined, config: TroupeConfig): EffectiveTenantLimits {
  const own = (column: keyof TenantLimitRow) => (row?.[column] === null || row?.[column] === undefined ? undefined : Number(row[column]))
  const limits = { maxConcurrentExecutions: own('maxConcurrentExecutions') ?? config.tenantMaxConcurrentExecutions } as EffectiveTenantLimits
  for (const name of overridable) limits[name] = Math.min(own(name) ?? Infinity, serverValues[name].of(config))
  return limits
}

/** 400 naming every limit a patch sets above the server's value. */
export function checkLimitOverrides(data: TenantPatch, config: TroupeConfig): void {
  const errors = overridable.flatMap((name) => {
    const value = data[name]
    const ceiling = serverValues[name].of(config)
    return typeof value === 'number' && value > ceiling ? [{ field: name, message: `must be at most ${ceiling} (the server's ${serverValues[name].variable})` }] : []
  })
  if (errors.length) throw new BadRequest(`Invalid data: ${errors.map(({ field, message }) => `${field} ${message}`).join('; ')}`, errors)
}

/**
 * Effective limits per tenant, read once in a while rather than on every webhook call or new
 * execution. A tenant's change drops its entry (`forget`, on the tenants service's `patched`
 * event, which reaches every instance); `ttlMs` bounds how long a lost event could leave it stale.
 */
export class TenantLimits {
  private readonly cache: LRUCache<string, EffectiveTenantLimits>

  constructor(
    private readonly knex: Knex,
    private readonly config: TroupeConfig,
    { ttlMs = 10_000, max = 10_000 } = {}
  ) {
    this.cache = new LRUCache({ max, ttl: ttlMs, fetchMethod: (tenantId) => this.load(tenantId) })
  }

  async get(tenantId: string): Promise<EffectiveTenantLimits> {
    return (await this.cache.fetch(tenantId))!
  }

  forget(tenantId: string): void {
    this.cache.delete(tenantId)
  }

  private async load(tenantId: string): Promise<EffectiveTenantLimits> {
    const row = (await this.knex('tenants').withSchema('public').where({ id: tenantId }).first(...tenantLimitColumns)) as TenantLimitRow | undefined
    return effectiveLimits(row, this.config)
  }
}
