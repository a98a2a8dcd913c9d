import { NotAuthenticated } from '@feathersjs/errors'
import { LRUCache } from 'lru-cache'
import type { Logger } from 'pino'
import type { RoleName } from '@troupe/sdk'
import type { PrincipalClaims } from '../auth/load-principal.js'
import { narrowerRole } from '../auth/role-rank.js'
import type { Principal } from '../declarations.js'

/** Something a principal holds open past its authentication: a Socket.IO connection, an SSE stream. */
export interface LiveSession {
  readonly principal: Principal
  /** The principal, read again, holds with another role: from now on serve what that role may read. */
  changed(principal: Principal): void | Promise<void>
  /** The principal no longer holds (user removed, session revoked, key deleted): close now. */
  end(reason: string): void
}

export type PrincipalLoader = (claims: PrincipalClaims) => Promise<Principal>

// A session that registers this soon after a recheck of its user may have authenticated just
// before the change and missed that recheck: it is checked on its own.
const recheckEchoMs = 10_000

/**
 * The live sessions of this process, by user. When something about a user changes (removed,
 * role, sessions revoked, a key deleted), `recheckUser` reads each of its sessions' principals
 * again, the way every request does, and ends or narrows them at once, instead of letting an
 * open stream go on with what was true when it opened. A change whose event says it all (a new
 * role, a removal) applies before that read.
 */
export class LiveSessions {
  private readonly byUser = new Map<string, Set<LiveSession>>()
  private readonly recentlyRechecked = new LRUCache<string, true>({ max: 10_000, ttl: recheckEchoMs })

  constructor(
    private readonly load: PrincipalLoader,
    private readonly logger: Logger
  ) {}

  /** Tracks `session` until the returned function is called (when it closes). */
  add(session: LiveSession): () => void {
    const { userId } = session.principal
    let sessions = this.byUser.get(userId)
    if (!sessions) this.byUser.set(userId, (sessions = new Set()))
    sessions.add(session)
    if (this.recentlyRechecked.has(userId)) void this.recheck([session])
    return () => this.forget(session)
  }

  private forget(session: LiveSession): boolean {
    const { userId } = session.principal
    const current = this.byUser.get(userId)
    if (!current?.delete(session)) return false
    if (current.size === 0) this.byUser.delete(userId)
    return true
  }

  /** Ends `session` once, after dropping it, so nothing rechecks what is closing. */
  private end(session: LiveSession, reason: string) {
    if (this.forget(session)) session.end(reason)
  }

  /** How many sessions of `userId` are live here. */
  count(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0
  }

  /**
   * A user record changed (its service event carries the record): its role applies at once, before
   * the recheck confirms it, so not one event goes out under the old role.
   */
  async userChanged(user: { id: string; role?: RoleName }): Promise<void> {
    const { role } = user
    if (role) {
      await Promise.all(
        [...(this.byUser.get(user.id) ?? [])].map((session) => {
          const next = narrowerRole(role, session.principal.apiKeyRole)
          return next === session.principal.role ? undefined : this.apply(session, () => session.changed({ ...session.principal, role: next }))
        })
      )
    }
    await this.recheckUser(user.id)
  }

  /** The user is gone: its sessions end at once. */
  userRemoved(userId: string): void {
    this.recentlyRechecked.set(userId, true)
    for (const session of [...(this.byUser.get(userId) ?? [])]) this.end(session, 'Unknown user')
  }

  async recheckUser(userId: string): Promise<void> {
    this.recentlyRechecked.set(userId, true)
    await this.recheck([...(this.byUser.get(userId) ?? [])])
  }

  async recheckTenant(tenantId: string): Promise<void> {
    const sessions = [...this.byUser.values()].flatMap((set) => [...set]).filter((session) => session.principal.tenantId === tenantId)
    for (const session of sessions) this.recentlyRechecked.set(session.principal.userId, true)
    await this.recheck(sessions)
  }

  private async recheck(sessions: LiveSession[]): Promise<void> {
    // Many streams of one session or key need one read.
    const reads = new Map<string, Promise<Principal | Error>>()
    const read = ({ userId, sessionId, apiKeyId }: Principal) => {
      const key = `${userId} ${sessionId ?? ''} ${apiKeyId ?? ''}`
      let pending = reads.get(key)
      if (!pending) {
        pending = this.load({ userId, sessionId, apiKeyId }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
        reads.set(key, pending)
      }
      return pending
    }
    await Promise.all(
      sessions.map(async (session) => {
        const outcome = await read(session.principal)
        if (!this.byUser.get(session.principal.userId)?.has(session)) return
        if (outcome instanceof NotAuthenticated) return this.end(session, outcome.message)
        await this.apply(session, () => {
          if (outcome instanceof Error) throw outcome
          if (outcome.role !== session.principal.role || outcome.apiKeyRole !== session.principal.apiKeyRole) return session.changed(outcome)
        })
      })
    )
  }

  private async apply(session: LiveSession, change: () => void | Promise<void>) {
    try {
      await change()
    } catch (error) {
      // A change was announced and could not be applied: closing is the safe side (the client
      // connects again and authenticates afresh).
      this.logger.error({ err: error, userId: session.principal.userId }, 'could not recheck a live session; closing it')
      this.end(session, 'Session could not be rechecked')
    }
  }
}
