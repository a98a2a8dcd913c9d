import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { WebhookRateLimiter } from '../../limits/webhook-rate-limiter.js'
import { RedisSeenSignatures } from './seen-signatures.js'

const redisUrl = process.env.REDIS_URL
const clients: Redis[] = []
/** One instance's connection: each instance of the server has its own. */
const instance = () => {
  const client = new Redis(redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 2 })
  clients.push(client)
  return client
}

describe.skipIf(!redisUrl)('webhook guards shared through Redis by every instance', () => {
  const namespace = `webhook-guards-${randomBytes(4).toString('hex')}`
  afterAll(() => clients.forEach((client) => client.disconnect()))

  it('refuse a replay sent to another instance, until the window ends', async () => {
    const [first, second] = [new RedisSeenSignatures(instance(), namespace), new RedisSeenSignatures(instance(), namespace)]
    expect(await first.firstSighting('flow:abc', 200)).toBe(true)
    expect(await second.firstSighting('flow:abc', 200)).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await second.firstSighting('flow:abc', 200)).toBe(true)
  })

  it("count a tenant's calls across instances", async () => {
    const [first, second] = [new WebhookRateLimiter({ redis: instance(), namespace }), new WebhookRateLimiter({ redis: instance(), namespace })]
    const limits = { perFlow: 10, perTenant: 3 }
    await first.consume('tenant', 'flow-1', limits)
    await second.consume('tenant', 'flow-2', limits)
    await first.consume('tenant', 'flow-3', limits)
    await expect(second.consume('tenant', 'flow-4', limits)).rejects.toMatchObject({ code: 429 })
  })
})
