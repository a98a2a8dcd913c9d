import {
  AuthenticationBaseStrategy,
  type AuthenticationParams,
  type AuthenticationRequest
} from '@feathersjs/authentication'
import { NotAuthenticated } from '@feathersjs/errors'
import type { TroupeConfig } from '../config/load-config.js'
import type { Application } from '../declarations.js'
import type { Models } from '../models/index.js'
import { loadPrincipal } from './load-principal.js'
import { rotateRefreshToken } from './sessions.js'

/** `{strategy: 'refresh', refreshToken}`: rotates the token and continues its session. */
export class RefreshTokenStrategy extends AuthenticationBaseStrategy {
  async authenticate(authentication: AuthenticationRequest, _params: AuthenticationParams) {
    const { refreshToken } = authentication
    if (typeof refreshToken !== 'string' || !refreshToken) throw new NotAuthenticated('Invalid refresh token')
    const models = this.app!.get('models') as Models
    const config = this.app!.get('config') as TroupeConfig
    const rotated = await rotateRefreshToken(this.app as Application, refreshToken, config.refreshTokenTtlSeconds)
    const { user, principal } = await loadPrincipal(models, { userId: rotated.userId, sessionId: rotated.sessionId })
    return {
      authentication: { strategy: this.name! },
      refreshToken: rotated.refreshToken,
      user,
      principal
    }
  }
}
