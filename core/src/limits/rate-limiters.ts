import { FeathersError } from '@feathersjs/errors'
import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'

/** 429 with how long to wait; REST adds `Retry-After` from `data.retryAfter`. */
export class TooManyRequests extends FeathersError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, 'TooManyRequests', 429, 'too-many-requests', { retryAfter: retryAfterSeconds })
  }
}

export interface RateLimitSettings {
  requestsPerMinute: number
  loginAttemptsPer15Minutes: number
  /** Shared across instances when given (keys under `<namespace>:rl:`). */
  redis?: Redis
  namespace: string
}

const secondsUntil = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000))

/**
 * The request and login limits, in memory or (with Redis) shared by every instance. Requests
 * count per user or API key, and per IP before authentication; failed logins count per account
 * and per IP, and a success clears the account's count.
 */
export class RateLimiters {
  private readonly requests: RateLimiterAbstract
  private readonly loginFailuresByAccount: RateLimiterAbstract
  private readonly loginFailuresByIp: RateLimiterAbstract

  constructor(settings: RateLimitSettings) {
    const make = (keyPrefix: string, points: number, duration: number) =>
      settings.redis
        ? new RateLimiterRedis({ storeClient: settings.redis, keyPrefix: `${settings.namespace}:rl:${keyPrefix}`, points, duration, useRedisPackage: false })
        : new RateLimiterMemory({ keyPrefix, points, duration })
    this.requests = make('requests', settings.requestsPerMinute, 60)
    this.loginFailuresByAccount = make('login-account', settings.loginAttemptsPer15Minutes, 15 * 60)
    // An IP may try a few accounts (an office behind one address), not unlimited.
    this.loginFailuresByIp = make('login-ip', settings.loginAttemptsPer15Minutes * 5, 15 * 60)
  }

  /** Counts one request of `key` (`user:<id>`, `key:<id>`, `ip:<address>`); throws 429 past the limit. */
  async request(key: string): Promise<void> {
    try {
      await this.requests.consume(key)
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result
      throw new TooManyRequests('Too many requests: slow down and retry later', secondsUntil(result))
    }
  }

  /** Throws 429 while the account or the IP has used up its failed logins. */
  async assertLoginAllowed(account: string, ip: string | undefined): Promise<void> {
    const [byAccount, byIp] = await Promise.all([this.loginFailuresByAccount.get(account), ip ? this.loginFailuresByIp.get(ip) : null])
    for (const [result, limiter] of [
      [byAccount, this.loginFailuresByAccount],
      [byIp, this.loginFailuresByIp]
    ] as const) {
      if (result && result.consumedPoints >= limiter.points) {
        throw new TooManyRequests('Too many failed logins: try again later', secondsUntil(result))
      }
    }
  }

  async loginFailed(account: string, ip: string | undefined): Promise<void> {
    await Promise.all([
      this.loginFailuresByAccount.penalty(account, 1),
      ip ? this.loginFailuresByIp.penalty(ip, 1) : undefined
    ])
  }

  async loginSucceeded(account: string): Promise<void> {
    await this.loginFailuresByAccount.delete(account)
  }
}
