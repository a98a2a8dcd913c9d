import type { RoleName } from '@troupe/sdk'
import type { Application, Principal } from '../declarations.js'
import { announceSessionsRevoked, sessionsRevokedEvent, type SessionsRevoked } from '../auth/sessions-revoked.js'

/**
 * Sessions do not outlive what authorised them: when a user is removed or changed (role,
 * password), an API key deleted, a user or tenant erased, a session logged out or its refresh
 * token family revoked, the live sessions (SSE streams, Socket.IO connections) of that user are
 * checked again at once, and those no longer valid close. It listens to service events and to
 * the `sessions-revoked` app event, which the Redis event relay brings from every other
 * instance, so a change made anywhere reaches the streams open here.
 */
export function watchLiveSessions(app: Application): void {
  const sessions = app.get('liveSessions')
  const logger = app.get('logger')
  const settle = (work: Promise<void>) => void work.catch((error: unknown) => logger.error({ err: error }, 'rechecking live sessions failed'))
  const recheck = (revoked: SessionsRevoked) => {
    if ('tenantId' in revoked && typeof revoked.tenantId === 'string') settle(sessions.recheckTenant(revoked.tenantId))
    else if ('userId' in revoked && typeof revoked.userId === 'string') settle(sessions.recheckUser(revoked.userId))
  }

  for (const event of ['patched', 'updated']) {
    app.service('users').on(event, (user: { id: string; role?: RoleName }) => settle(sessions.userChanged(user)))
  }
  app.service('users').on('removed', (user: { id: string }) => sessions.userRemoved(user.id))
  app.service('api-keys').on('removed', (key: { userId: string }) => recheck({ userId: key.userId }))
  app.service('gdpr/erase').on('created', (erased: { erased: 'user' | 'tenant'; id: string }) =>
    recheck(erased.erased === 'tenant' ? { tenantId: erased.id } : { userId: erased.id })
  )
  app.on(sessionsRevokedEvent, recheck)
  // Feathers emits `logout` once the connection that logged out (if any) is anonymous, so only the
  // session's other streams and sockets are closed.
  app.on('logout', (result: { principal?: Principal }) => {
    if (result?.principal?.sessionId) announceSessionsRevoked(app, { userId: result.principal.userId })
  })
}
