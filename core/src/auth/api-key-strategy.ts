import {
  AuthenticationBaseStrategy,
  type AuthenticationParams,
  type AuthenticationRequest
} from '@feathersjs/authentication'
import { NotAuthenticated } from '@feathersjs/errors'
import { apiKeyPrefix } from '@troupe/sdk'
import type { IncomingMessage } from 'node:http'
import type { Models } from '../models/index.js'
import { loadPrincipal } from './load-principal.js'
import { hashToken } from './secure-token.js'

const lastUsedResolutionMs = 60_000

/** `Authorization: Bearer trp_...` for scripts and MCP clients; `{strategy: 'api-key', apiKey}` over Socket.IO. */
export class ApiKeyStrategy extends AuthenticationBaseStrategy {
  async authenticate(authentication: AuthenticationRequest, _params: AuthenticationParams) {
    const { apiKey } = authentication
    if (typeof apiKey !== 'string' || !apiKey.startsWith(apiKeyPrefix)) throw new NotAuthenticated('Invalid API key')
    const models = this.app!.get('models') as Models
    const key = await models.ApiKey.query().findOne({ keyHash: hashToken(apiKey) })
    if (!key) throw new NotAuthenticated('Invalid API key')
    const { user, principal } = await loadPrincipal(models, { userId: key.userId, apiKeyId: key.id })
    // Recording use on every request would turn reads into writes; once a minute is enough.
    if (!key.lastUsedAt || Date.now() - new Date(key.lastUsedAt).getTime() > lastUsedResolutionMs) {
      await models.ApiKey.query().patch({ lastUsedAt: new Date() }).where({ id: key.id })
    }
    return {
      authentication: { strategy: this.name!, apiKeyId: key.id },
      user,
      principal
    }
  }

  async parse(req: IncomingMessage) {
    const header = req.headers.authorization
    if (typeof header !== 'string') return null
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match || !match[1].startsWith(apiKeyPrefix)) return null
    return { strategy: this.name!, apiKey: match[1] }
  }
}
