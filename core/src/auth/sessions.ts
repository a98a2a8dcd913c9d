import { NotAuthenticated } from '@feathersjs/errors'
import type { Models } from '../models/index.js'
import { hashToken, randomToken } from './secure-token.js'

export interface IssuedRefreshToken {
  sessionId: string
  refreshToken: string
}

async function issue(models: Models, sessionId: string, ttlSeconds: number): Promise<string> {
  const refreshToken = randomToken()
  await models.RefreshToken.query().insert({
    sessionId,
    tokenHash: hashToken(refreshToken),
    expiresAt: new Date(Date.now() + ttlSeconds * 1000)
  })
  return refreshToken
}

/** Starts a session (a refresh token family) for a login. */
export async function startSession(models: Models, userId: string, ttlSeconds: number): Promise<IssuedRefreshToken> {
  const session = await models.AuthSession.query().insert({ userId })
  return { sessionId: session.id, refreshToken: await issue(models, session.id, ttlSeconds) }
}

export async function revokeSession(models: Models, sessionId: string, reason: string): Promise<void> {
  await models.AuthSession.query()
    .patch({ revokedAt: new Date(), revokedReason: reason })
    .where({ id: sessionId })
    .whereNull('revokedAt')
}

export async function revokeUserSessions(models: Models, userId: string, reason: string): Promise<void> {
  await models.AuthSession.query()
    .patch({ revokedAt: new Date(), revokedReason: reason })
    .where({ userId })
    .whereNull('revokedAt')
}

const invalid = () => new NotAuthenticated('Invalid refresh token')

/**
 * Trades a refresh token for the next one of its family. Each token works once: a token
 * presented a second time means it leaked, so the whole family is revoked.
 */
export async function rotateRefreshToken(
  models: Models,
  refreshToken: string,
  ttlSeconds: number
): Promise<IssuedRefreshToken & { userId: string }> {
  const tokenHash = hashToken(refreshToken)
  // Claiming the token is one conditional UPDATE, so two concurrent uses cannot both win.
  const claimed = await models.RefreshToken.query()
    .patch({ usedAt: new Date() })
    .where({ tokenHash })
    .whereNull('usedAt')
    .returning('*')
  const token = (claimed as unknown as Array<{ sessionId: string; expiresAt: Date }>)[0]
  if (!token) {
    const reused = await models.RefreshToken.query().findOne({ tokenHash })
    if (reused) await revokeSession(models, reused.sessionId, 'refresh-token-reuse')
    throw invalid()
  }
  const session = await models.AuthSession.query().findById(token.sessionId)
  if (!session || session.revokedAt || new Date(token.expiresAt).getTime() <= Date.now()) throw invalid()
  return {
    userId: session.userId,
    sessionId: session.id,
    refreshToken: await issue(models, session.id, ttlSeconds)
  }
}
