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
  /** Password reset requests per address within 15 minutes (five times that per IP); 5 unless given. */
  passwordResetsPer15Minutes?: number
  /** Shared across instances when given (keys under `<namespace>:rl:`). */
  redis?: Redis
  namespace: string
}

const secondsUntil = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000))

/** Counts one point of `key`; past the limit, a 429 saying `message` and how long to wait. */
async function consumeOr429(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key)
  } catch (result) {
    if (!(result instanceof RateLimiterRes)) throw result
    throw new TooManyRequests(message, secondsUntil(result))
  }
}

/**
 * The budgets one call of `principal` spends: its user's always, and its API key's as well when it
 * came with one. Keys therefore share their owner's budget: N keys do not buy N budgets.
 */
export function budgetsOf(principal: { userId: string; apiKeyId?: string }): string[] {
  return [`user:${principal.userId}`, ...(principal.apiKeyId ? [`key:${principal.apiKeyId}`] : [])]
}

/**
 * The request and login limits, in memory or (with Redis) shared by every instance. Requests
 * count per user (and per API key), and per IP before authentication; failed logins count per
 * account and per IP, and a success clears the account's count.
 */
export class RateLimiters {
  private readonly requests: RateLimiterAbstract
  private readonly loginFailuresByAccount: RateLimiterAbstract
  private readonly loginFailuresByIp: RateLimiterAbstract
  private readonly passwordResetsByEmail: RateLimiterAbstract
  private readonly passwordResetsByIp: RateLimiterAbstract
  private readonly verificationMailsByUser: RateLimiterAbstract

  constructor(settings: RateLimitSettings) {
    const make = (keyPrefix: string, points: number, duration: number) =>
      settings.redis
        ? new RateLimiterRedis({ storeClient: settings.redis, keyPrefix: `${settings.namespace}:rl:${keyPrefix}`, points, duration, useRedisPackage: false })
        : new RateLimiterMemory({ keyPrefix, points, duration })
    this.requests = make('requests', settings.requestsPerMinute, 60)
    this.loginFailuresByAccount = make('login-account', settings.loginAttemptsPer15Minutes, 15 * 60)
    // An IP may try a few accounts (an office behind one address), not unlimited.
    this.loginFailuresByIp = make('login-ip', settings.loginAttemptsPer15Minutes * 5, 15 * 60)
    const resets = settings.passwordResetsPer15Minutes ?? 5
    this.passwordResetsByEmail = make('reset-email', resets, 15 * 60)
    this.passwordResetsByIp = make('reset-ip', resets * 5, 15 * 60)
    this.verificationMailsByUser = make('verify-user', resets, 15 * 60)
  }

  /** Counts one "mail me the verification link again" of the user; throws 429 past the limit (as many as password resets). */
  async verificationMailRequested(userId: string): Promise<void> {
    await consumeOr429(this.verificationMailsByUser, userId, 'Too many verification mails asked for: try again later')
  }

  /**
   * Counts one password reset request of the address and of the IP; throws 429 past either
   * limit, whether the address has an account or not (so the limit reveals nothing either).
   */
  async passwordResetRequested(email: string, ip: string | undefined): Promise<void> {
    for (const [limiter, key] of [
      [this.passwordResetsByIp, ip ?? 'unknown'],
      [this.passwordResetsByEmail, email]
    ] as const) {
      await consumeOr429(limiter, key, 'Too many password reset requests: try again later')
    }
  }

  /** Counts one request of `key` (`ip:<address>`, or one of `budgetsOf`); throws 429 past the limit. */
  async request(key: string): Promise<void> {
    await consumeOr429(this.requests, key, 'Too many requests: slow down and retry later')
  }

  /** Counts one authenticated call against every budget it spends (`budgetsOf`); throws 429 when one is used up. */
  async callOf(principal: { userId: string; apiKeyId?: string }): Promise<void> {
    for (const key of budgetsOf(principal)) await this.request(key)
  }

  /**
   * Throws 429 while the account or the IP has used up its failed logins. Without an account
   * (a signup) only the IP's count applies.
   */
  async assertLoginAllowed(account: string | undefined, ip: string | undefined): Promise<void> {
    const [byAccount, byIp] = await Promise.all([account ? this.loginFailuresByAccount.get(account) : null, ip ? this.loginFailuresByIp.get(ip) : null])
    for (const [result, limiter] of [
      [byAccount, this.loginFailuresByAccount],
      [byIp, this.loginFailuresByIp]
    ] as const) {
      if (result && result.consumedPoints >= limiter.points) {
        throw new TooManyRequests('Too many failed logins: try again later', secondsUntil(result))
      }
    }
  }

  /** Counts a failed attempt of the account (when given) and of the IP. */
  async loginFailed(account: string | undefined, ip: string | undefined): Promise<void> {
    await Promise.all([
      account ? this.loginFailuresByAccount.penalty(account, 1) : undefined,
      ip ? this.loginFailuresByIp.penalty(ip, 1) : undefined
    ])
  }

  async loginSucceeded(account: string): Promise<void> {
    await this.loginFailuresByAccount.delete(account)
  }
}
