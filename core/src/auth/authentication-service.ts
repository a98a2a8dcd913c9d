import { AuthenticationService, type AuthenticationParams, type AuthenticationRequest } from '@feathersjs/authentication'
import jsonwebtoken from 'jsonwebtoken'
import type { TroupeConfig } from '../config/load-config.js'
import type { Principal } from '../declarations.js'
import type { Models } from '../models/index.js'
import { revokeSession, startSession } from './sessions.js'
import { NotAuthenticated } from '@feathersjs/errors'
import type { Knex } from 'knex'
import { auditFailedLogin, auditSession } from '../audit/audit-authentication.js'
import type { RateLimiters } from '../limits/rate-limiters.js'

interface StrategyResult {
  authentication: { strategy: string; accessToken?: string; payload?: Record<string, unknown> }
  accessToken?: string
  refreshToken?: string
  user: { id: string }
  principal: Principal
}

/** What a client receives: never the principal's internals. */
function publicResult(result: StrategyResult, accessToken: string, payload: unknown) {
  const answer = {
    accessToken,
    ...(result.refreshToken ? { refreshToken: result.refreshToken } : {}),
    user: result.user,
    authentication: { strategy: result.authentication.strategy, payload }
  }
  // Kept for the `login` connection handler only; not enumerable, so never serialized.
  Object.defineProperty(answer, 'principal', { value: result.principal, enumerable: false })
  return answer
}

/**
 * Issues access tokens that name the session (`sid`) or API key (`kid`) they belong to, and
 * starts a refresh token family on password login. Logout revokes the session.
 */
export class TroupeAuthenticationService extends AuthenticationService {
  private get models() {
    return this.app.get('models') as Models
  }

  async create(data: AuthenticationRequest, params: AuthenticationParams = {}) {
    if (data?.strategy === 'local' && typeof data.email === 'string') return this.login(data, params)
    return this.issue(data, params)
  }

  /**
   * A password login: refused (429) once the account or the client's IP has used up its failed
   * attempts; failures and successes land in the account's audit log.
   */
  private async login(data: AuthenticationRequest, params: AuthenticationParams) {
    const limiters = this.app.get('rateLimiters') as RateLimiters
    const knex = this.app.get('knex') as Knex
    const email = String(data.email).trim().toLowerCase()
    const ip = (params as { ip?: string }).ip
    await limiters.assertLoginAllowed(email, ip)
    try {
      const answer = await this.issue(data, params)
      await limiters.loginSucceeded(email)
      await auditSession(knex, (answer as unknown as { principal: Principal }).principal, 'login', ip)
      return answer
    } catch (error) {
      if (error instanceof NotAuthenticated) {
        await limiters.loginFailed(email, ip)
        await auditFailedLogin(knex, email, ip, error.message)
      }
      throw error
    }
  }

  private async issue(data: AuthenticationRequest, params: AuthenticationParams) {
    const strategies = params.authStrategies || this.configuration.authStrategies
    const result = (await this.authenticate(data, params, ...strategies)) as unknown as StrategyResult
    const { principal } = result
    if (result.authentication.strategy === 'jwt' && result.accessToken) {
      return publicResult(result, result.accessToken, result.authentication.payload)
    }
    if (result.authentication.strategy === 'local') {
      const session = await this.startSession(principal)
      result.refreshToken = session.refreshToken
    }
    const accessToken = await this.issueAccessToken(principal)
    return publicResult(result, accessToken, jsonwebtoken.decode(accessToken))
  }

  /** Starts a refresh token family for `principal` (a login) and records it on the principal. */
  async startSession(principal: Principal) {
    const config = this.app.get('config') as TroupeConfig
    const session = await startSession(this.models, principal.userId, config.refreshTokenTtlSeconds)
    principal.sessionId = session.sessionId
    return session
  }

  /** A short-lived access token naming the principal's session or API key. */
  async issueAccessToken(principal: Principal): Promise<string> {
    const payload = {
      typ: 'access',
      ...(principal.sessionId ? { sid: principal.sessionId } : {}),
      ...(principal.apiKeyId ? { kid: principal.apiKeyId } : {})
    }
    return this.createAccessToken(payload, { subject: principal.userId })
  }

  /**
   * Logout: ends the session of the credentials the call carries. `id`, when given, must be the
   * access token in use (Feathers' convention). Feathers' own `remove` reads the credentials
   * without checking there are any, which made a call without them a 500.
   */
  async remove(id: string | null, params: AuthenticationParams = {}) {
    if (!params.authentication) throw new NotAuthenticated('Not authenticated')
    if (id !== null && id !== params.authentication.accessToken) throw new NotAuthenticated('Invalid access token')
    const result = (await super.remove(id, params)) as unknown as StrategyResult
    if (result.principal.sessionId) await revokeSession(this.models, result.principal.sessionId, 'logout')
    await auditSession(this.app.get('knex') as Knex, result.principal, 'logout', (params as { ip?: string }).ip)
    return publicResult(result, result.accessToken ?? '', result.authentication.payload)
  }
}
