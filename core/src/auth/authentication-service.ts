import { AuthenticationService, type AuthenticationParams, type AuthenticationRequest } from '@feathersjs/authentication'
import jsonwebtoken from 'jsonwebtoken'
import type { TroupeConfig } from '../config/load-config.js'
import type { Principal } from '../declarations.js'
import type { Models } from '../models/index.js'
import { revokeSession, startSession } from './sessions.js'

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

  async remove(id: string | null, params: AuthenticationParams = {}) {
    const result = (await super.remove(id, params)) as unknown as StrategyResult
    if (result.principal.sessionId) await revokeSession(this.models, result.principal.sessionId, 'logout')
    return publicResult(result, result.accessToken ?? '', result.authentication.payload)
  }
}
