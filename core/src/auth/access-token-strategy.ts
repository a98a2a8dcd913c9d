import {
  JWTStrategy,
  type AuthenticationParams,
  type AuthenticationRequest,
  type AuthenticationResult
} from '@feathersjs/authentication'
import type { RealTimeConnection } from '@feathersjs/feathers'
import { NotAuthenticated } from '@feathersjs/errors'
import { apiKeyPrefix } from '@troupe/sdk'
import type { IncomingMessage } from 'node:http'
import type { Models } from '../models/index.js'
import { loadPrincipal } from './load-principal.js'

/** The claims Troupe puts in an access token besides `sub`. */
export interface AccessTokenPayload {
  sub: string
  /** Token kind: refresh tokens are opaque, so anything else is refused as a bearer. */
  typ: 'access'
  sid?: string
  kid?: string
  exp: number
}

/**
 * Bearer access tokens (HS256 JWTs). Every call re-reads the user, its session and API key,
 * so demotion, logout and key revocation take effect on the next request.
 */
export class AccessTokenStrategy extends JWTStrategy {
  async authenticate(authentication: AuthenticationRequest, params: AuthenticationParams) {
    const { accessToken } = authentication
    if (!accessToken || typeof accessToken !== 'string') throw new NotAuthenticated('No access token')
    const payload = (await this.authentication!.verifyAccessToken(accessToken, params.jwt)) as AccessTokenPayload
    if (payload.typ !== 'access' || typeof payload.sub !== 'string') throw new NotAuthenticated('Not an access token')
    const models = this.app!.get('models') as Models
    const { user, principal } = await loadPrincipal(models, {
      userId: payload.sub,
      sessionId: payload.sid,
      apiKeyId: payload.kid
    })
    return {
      accessToken,
      authentication: { strategy: 'jwt', accessToken, payload },
      user,
      principal
    }
  }

  /** Keeps the resolved principal on a real-time connection, where channels read its tenant and role. */
  async handleConnection(
    event: Parameters<JWTStrategy['handleConnection']>[0],
    connection: RealTimeConnection,
    authResult?: AuthenticationResult
  ) {
    await super.handleConnection(event, connection, authResult)
    if (event === 'login' && authResult?.principal) connection.principal = authResult.principal
    if (!connection.authentication) delete connection.principal
  }

  /** API keys share the `Bearer` scheme; they are left to the API key strategy. */
  async parse(req: IncomingMessage) {
    const parsed = await super.parse(req)
    if (parsed && parsed.accessToken.startsWith(apiKeyPrefix)) return null
    return parsed
  }
}
