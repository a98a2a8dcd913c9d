import { NotAuthenticated } from '@feathersjs/errors'
import type { Principal } from '../declarations.js'
import type { Models } from '../models/index.js'
import { userPublicColumns } from '../models/index.js'
import type { User } from '@troupe/sdk'
import { narrowerRole } from './role-rank.js'

export interface PrincipalClaims {
  userId: string
  sessionId?: string
  apiKeyId?: string
}

export interface LoadedPrincipal {
  principal: Principal
  user: User
}

/**
 * Resolves who is calling from the claims of a token or key, reading the user, its tenant,
 * its session and its API key fresh, so a demotion, logout or key removal counts at once.
 */
export async function loadPrincipal(models: Models, claims: PrincipalClaims): Promise<LoadedPrincipal> {
  const [user, session, apiKey] = await Promise.all([
    models.User.query()
      .select(userPublicColumns.map((column) => `users.${column}`))
      .select('tenants.schemaName as tenantSchema')
      .join('tenants', 'tenants.id', 'users.tenantId')
      .findById(claims.userId) as unknown as Promise<(User & { tenantSchema: string }) | undefined>,
    claims.sessionId ? models.AuthSession.query().findById(claims.sessionId) : undefined,
    claims.apiKeyId ? models.ApiKey.query().findById(claims.apiKeyId) : undefined
  ])
  if (!user) throw new NotAuthenticated('Unknown user')
  if (claims.sessionId && (!session || session.revokedAt || session.userId !== user.id)) {
    throw new NotAuthenticated('Session ended')
  }
  if (claims.apiKeyId) {
    if (!apiKey || apiKey.userId !== user.id) throw new NotAuthenticated('API key revoked')
    if (apiKey.expiresAt && new Date(apiKey.expiresAt).getTime() <= Date.now()) {
      throw new NotAuthenticated('API key expired')
    }
  }
  const { tenantSchema, ...publicUser } = user
  return {
    user: publicUser as User,
    principal: {
      userId: user.id,
      tenantId: user.tenantId,
      tenantSchema,
      role: narrowerRole(user.role, apiKey?.role),
      apiKeyRole: apiKey?.role ?? undefined,
      sessionId: claims.sessionId,
      apiKeyId: claims.apiKeyId
    }
  }
}
