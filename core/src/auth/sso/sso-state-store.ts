import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'

/** What the server keeps between sending a browser to the issuer and its return: never sent to the browser. */
export interface SsoPendingLogin {
  tenantId: string
  codeVerifier: string
  nonce: string
  /** SHA-256 of the random value in the browser's `troupe_sso` cookie: the return must come from the browser that left. */
  browserHash: string
  redirectUri: string
}

/** Pending SSO logins by `state`: each taken at most once, gone after its time to live. */
export interface SsoStateStore {
  put(state: string, pending: SsoPendingLogin, ttlMs: number): Promise<void>
  /** The pending login of `state`, removed in the same step (a replayed or unknown state gets `undefined`). */
  take(state: string): Promise<SsoPendingLogin | undefined>
}

/**
 * One process's memory. Bounded: a flood of abandoned starts evicts the oldest pending logins
 * (their users start again) instead of growing without limit.
 */
export class MemorySsoStateStore implements SsoStateStore {
  private readonly pending = new LRUCache<string, SsoPendingLogin>({ max: 50_000, ttl: 10 * 60_000, ttlAutopurge: true })

  async put(state: string, pending: SsoPendingLogin, ttlMs: number): Promise<void> {
    this.pending.set(state, pending, { ttl: ttlMs })
  }

  async take(state: string): Promise<SsoPendingLogin | undefined> {
    const found = this.pending.get(state)
    this.pending.delete(state)
    return found
  }
}

/** Shared by every instance (the browser may come back to another one); `GETDEL` makes taking it atomic. */
export class RedisSsoStateStore implements SsoStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string
  ) {}

  private key(state: string) {
    return `${this.namespace}:sso-state:${state}`
  }

  async put(state: string, pending: SsoPendingLogin, ttlMs: number): Promise<void> {
    await this.redis.set(this.key(state), JSON.stringify(pending), 'PX', ttlMs)
  }

  async take(state: string): Promise<SsoPendingLogin | undefined> {
    const raw = await this.redis.getdel(this.key(state))
    return raw ? (JSON.parse(raw) as SsoPendingLogin) : undefined
  }
}
