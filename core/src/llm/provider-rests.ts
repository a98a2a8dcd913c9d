import { LRUCache } from 'lru-cache'

/** How long a provider rests after a rate limit that named no `Retry-After`. */
const defaultRestMs = 10_000

/**
 * Providers a vendor rate-limited, per tenant, until the time the vendor asked to wait
 * (`Retry-After`): the failover chain tries them last meanwhile, so one tenant's calls do not
 * keep hitting a vendor that said to slow down. In this process only; bounded in size.
 */
export class ProviderRests {
  private readonly until = new LRUCache<string, number>({ max: 10_000 })

  rest(tenantId: string, providerId: string, ms: number | undefined, now = Date.now()): void {
    const wait = ms ?? defaultRestMs
    this.until.set(`${tenantId}:${providerId}`, now + wait, { ttl: Math.max(wait, 1) })
  }

  resting(tenantId: string, providerId: string, now = Date.now()): boolean {
    return (this.until.get(`${tenantId}:${providerId}`) ?? 0) > now
  }

  /** `providers` with those resting for the tenant moved to the end, each group in its order. */
  order<T extends { id: string }>(tenantId: string, providers: T[], now = Date.now()): T[] {
    const awake = providers.filter((provider) => !this.resting(tenantId, provider.id, now))
    return awake.length === providers.length ? providers : [...awake, ...providers.filter((provider) => this.resting(tenantId, provider.id, now))]
  }
}
