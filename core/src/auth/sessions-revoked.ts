import type { Application } from '../declarations.js'

/**
 * App event: sessions ended without a change to a user record (logout, a reused refresh token,
 * erasure), so live streams and sockets must be checked again. Changes to users and API keys need
 * no such event: their service events say so. The Redis event relay carries it to every instance.
 */
export const sessionsRevokedEvent = 'sessions-revoked'

/** Whose sessions ended: one user's, or every user's of a tenant. */
export type SessionsRevoked = { userId: string } | { tenantId: string }

export function announceSessionsRevoked(app: Application, revoked: SessionsRevoked): void {
  app.emit(sessionsRevokedEvent, revoked)
}
