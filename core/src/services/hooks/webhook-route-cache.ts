import { LRUCache } from 'lru-cache'

export interface WebhookRoute {
  flowId: string
  tenantId: string
  /** SHA-256 of the secret callers send in `X-Troupe-Webhook-Secret`. */
  secretHash: string | null
  /** The HMAC signing secret, encrypted (`signingSecretContext`): calls must be signed with it. */
  signingSecret: string | null
}

/**
 * Webhook routes by flow id, so a webhook call does not look its route up in the database. Saving
 * or removing a flow changes its route, so the flows service's events drop it (`forget`; events of
 * other instances arrive through the Redis relay); `ttlMs` bounds how long a route could outlive
 * a change whose event was lost. A lookup that started before a `forget` does not fill the cache,
 * so it cannot put back what the change replaced. Unknown flow ids are not kept.
 */
export class WebhookRouteCache {
  private readonly routes: LRUCache<string, WebhookRoute>
  private generation = 0

  constructor(
    private readonly load: (flowId: string) => Promise<WebhookRoute | undefined>,
    ttlMs = 10_000,
    maxEntries = 10_000
  ) {
    this.routes = new LRUCache({ max: maxEntries, ttl: ttlMs })
  }

  async get(flowId: string): Promise<WebhookRoute | undefined> {
    const cached = this.routes.get(flowId)
    if (cached) return cached
    const generation = this.generation
    const route = await this.load(flowId)
    this.routes.delete(flowId)
    if (route && generation === this.generation) this.routes.set(flowId, route)
    return route
  }

  forget(flowId: string): void {
    this.generation++
    this.routes.delete(flowId)
  }
}
