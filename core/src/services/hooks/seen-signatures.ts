import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'

/** Signatures already used, each remembered for as long as its timestamp would be accepted. */
export interface SeenSignatures {
  /** `true` the first time `key` is seen within `ttlMs`, `false` on a replay. */
  firstSighting(key: string, ttlMs: number): Promise<boolean>
}

/**
 * One instance's memory. Only verified signatures are recorded, so entries come from holders of a
 * signing secret, at most the webhook rate limits' worth per replay window; each goes when its
 * window ends. No `max`: evicting one early would let its replay through.
 */
export class MemorySeenSignatures implements SeenSignatures {
  private readonly seen = new LRUCache<string, true>({ ttl: 2 * 3600 * 1000, ttlAutopurge: true })

  async firstSighting(key: string, ttlMs: number): Promise<boolean> {
    if (this.seen.has(key)) return false
    this.seen.set(key, true, { ttl: ttlMs })
    return true
  }
}

/** Shared by every instance: a replay sent to another instance is refused too. */
export class RedisSeenSignatures implements SeenSignatures {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string
  ) {}

  async firstSighting(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.namespace}:webhook-signature:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK'
  }
}
