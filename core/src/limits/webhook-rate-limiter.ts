import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible'
import { TooManyRequests } from './rate-limiters.js'

export interface WebhookRateLimiterSettings {
  /** Shared across instances when given (keys under `<namespace>:rl:webhook-*`). */
  redis?: Redis
  namespace: string
}

const secondsUntil = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000))

/**
 * Webhook calls per minute, per flow and per tenant (all its webhooks together). Each tenant has
 * its own limits, so the counters never refuse on their own: they count calls in a one-minute
 * window and `consume` compares the count with the limits it is given.
 */
export class WebhookRateLimiter {
  private readonly flows: RateLimiterAbstract
  private readonly tenants: RateLimiterAbstract

  constructor(settings: WebhookRateLimiterSettings) {
    const make = (keyPrefix: string) =>
      settings.redis
        ? new RateLimiterRedis({ storeClient: settings.redis, keyPrefix: `${settings.namespace}:rl:${keyPrefix}`, points: Number.MAX_SAFE_INTEGER, duration: 60, useRedisPackage: false })
        : new RateLimiterMemory({ keyPrefix, points: Number.MAX_SAFE_INTEGER, duration: 60 })
    this.flows = make('webhook-flow')
    this.tenants = make('webhook-tenant')
  }

  /**
   * Counts one call of the flow's webhook; throws 429 when the flow or its tenant is over its
   * limit. A call the flow's limit refuses is not counted against the tenant, so one flooded
   * webhook cannot use up the budget of the tenant's others.
   */
  async consume(tenantId: string, flowId: string, limits: { perFlow: number; perTenant: number }): Promise<void> {
    const flow = await this.flows.consume(flowId)
    if (flow.consumedPoints > limits.perFlow) {
      throw new TooManyRequests(`This webhook was called more than ${limits.perFlow} times in a minute (its limit); retry later`, secondsUntil(flow))
    }
    const tenant = await this.tenants.consume(tenantId)
    if (tenant.consumedPoints > limits.perTenant) {
      throw new TooManyRequests(`This tenant's webhooks were called more than ${limits.perTenant} times in a minute (its limit); retry later`, secondsUntil(tenant))
    }
  }
}
