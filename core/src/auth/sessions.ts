import { NotAuthenticated } from '@feathersjs/errors'
import type { Application } from '../declarations.js'
import type { Models } from '../models/index.js'
import { hashToken, randomToken } from './secure-token.js'
import { announceSessionsRevoked } from './sessions-revoked.js'

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

/** Ends one session; answers whose it was (none when it had ended already). */
export async function revokeSession(models: Models, sessionId: string, reason: string): Promise<string | undefined> {
  const revoked = (await models.AuthSession.query()
    .patch({ revokedAt: new Date(), revokedReason: reason })
    .where({ id: sessionId })
    .whereNull('revokedAt')
    .returning('userId')) as unknown as Array<{ userId: string }>
  return revoked[0]?.userId
}

/**
 * Ends every session of a user. Its caller, erasure, is a service whose `created` event closes the
 * user's live streams and sockets (see `watchLiveSessions`), on every instance.
 */
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
  app: Application,
  refreshToken: string,
  ttlSeconds: number
): Promise<IssuedRefreshToken & { userId: string }> {
  const models = app.get('models')
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
    if (reused) {
      // The family is revoked: whatever it opened (SSE streams, sockets) closes too, on every instance.
      const userId = await revokeSession(models, reused.sessionId, 'refresh-token-reuse')
      if (userId) announceSessionsRevoked(app, { userId })
    }
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
