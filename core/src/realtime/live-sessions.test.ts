import { NotAuthenticated } from '@feathersjs/errors'
import pino from 'pino'
import { describe, expect, it, vi } from 'vitest'
import type { PrincipalClaims } from '../auth/load-principal.js'
import type { Principal } from '../declarations.js'
import { LiveSessions, type LiveSession } from './live-sessions.js'

const principal = (extra: Partial<Principal> = {}): Principal => ({ userId: 'u1', tenantId: 't1', tenantSchema: 'tenant_t1', role: 'admin', sessionId: 's1', ...extra })

/** A session that records what happened to it. */
function session(of: Principal) {
  const record = { principal: of, ended: [] as string[], changes: [] as Principal[] }
  const live: LiveSession = {
    get principal() {
      return record.principal
    },
    changed: (next) => {
      record.changes.push(next)
      record.principal = next
    },
    end: (reason) => void record.ended.push(reason)
  }
  return { live, record }
}

const silent = pino({ level: 'silent' })

describe('LiveSessions', () => {
  it('ends the sessions whose principal no longer holds and leaves the others', async () => {
    const revoked = new Set(['s1'])
    const load = vi.fn(async (claims: PrincipalClaims) => {
      if (claims.sessionId && revoked.has(claims.sessionId)) throw new NotAuthenticated('Session ended')
      return principal({ sessionId: claims.sessionId })
    })
    const sessions = new LiveSessions(load, silent)
    const first = session(principal())
    const second = session(principal())
    const other = session(principal({ sessionId: 's2' }))
    for (const { live } of [first, second, other]) sessions.add(live)
    await sessions.recheckUser('u1')
    expect(first.record.ended).toEqual(['Session ended'])
    expect(second.record.ended).toEqual(['Session ended'])
    expect(other.record.ended).toEqual([])
    // One read per session, however many streams it holds.
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('hands a changed role to the session, and nothing when the role is the same', async () => {
    let role: Principal['role'] = 'admin'
    const sessions = new LiveSessions(async () => principal({ role }), silent)
    const watched = session(principal())
    sessions.add(watched.live)
    await sessions.recheckUser('u1')
    expect(watched.record.changes).toEqual([])
    role = 'viewer'
    await sessions.recheckUser('u1')
    expect(watched.record.changes).toEqual([expect.objectContaining({ role: 'viewer' })])
    expect(watched.record.ended).toEqual([])
  })

  it('closes a session it cannot recheck (the database failing), and says why in the log', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) })
    const sessions = new LiveSessions(async () => {
      throw new Error('connection refused')
    }, logger)
    const watched = session(principal())
    sessions.add(watched.live)
    await sessions.recheckUser('u1')
    expect(watched.record.ended).toEqual(['Session could not be rechecked'])
    expect(lines.join('\n')).toMatch(/could not recheck a live session/)
  })

  it('leaves alone a session removed while it was being rechecked, and forgets removed ones', async () => {
    let finish!: () => void
    const sessions = new LiveSessions(
      () =>
        new Promise<Principal>((_resolve, reject) => {
          finish = () => reject(new NotAuthenticated('Unknown user'))
        }),
      silent
    )
    const watched = session(principal())
    const remove = sessions.add(watched.live)
    const rechecking = sessions.recheckUser('u1')
    remove()
    finish()
    await rechecking
    expect(watched.record.ended).toEqual([])
    expect(sessions.count('u1')).toBe(0)
  })

  it('rechecks only the users or the tenant it is asked about', async () => {
    const load = vi.fn(async () => {
      throw new NotAuthenticated('Unknown user')
    })
    const sessions = new LiveSessions(load, silent)
    const ofU1 = session(principal())
    const ofU2 = session(principal({ userId: 'u2', sessionId: 's9' }))
    const ofOtherTenant = session(principal({ userId: 'u3', tenantId: 't2', sessionId: 's8' }))
    for (const { live } of [ofU1, ofU2, ofOtherTenant]) sessions.add(live)
    await sessions.recheckUser('u2')
    expect([ofU1, ofU2, ofOtherTenant].map(({ record }) => record.ended.length)).toEqual([0, 1, 0])
    await sessions.recheckTenant('t1')
    expect([ofU1, ofU2, ofOtherTenant].map(({ record }) => record.ended.length)).toEqual([1, 1, 0])
  })

  it('checks a session that arrives just after a recheck of its user (it may have authenticated before the change)', async () => {
    let valid = true
    const sessions = new LiveSessions(async () => {
      if (!valid) throw new NotAuthenticated('Unknown user')
      return principal()
    }, silent)
    valid = false
    await sessions.recheckUser('u1')
    const late = session(principal())
    sessions.add(late.live)
    await vi.waitFor(() => expect(late.record.ended).toEqual(['Unknown user']))
    const unrelated = session(principal({ userId: 'u2' }))
    sessions.add(unrelated.live)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(unrelated.record.ended).toEqual([])
  })
})

describe('LiveSessions, told by a service event', () => {
  it('applies the role of a changed user record at once, before its recheck has read anything', async () => {
    const pending: Array<(value: Principal) => void> = []
    const sessions = new LiveSessions(() => new Promise<Principal>((resolve) => pending.push(resolve)), silent)
    const plain = session(principal())
    const throughKey = session(principal({ sessionId: undefined, apiKeyId: 'k1', apiKeyRole: 'member', role: 'member' }))
    for (const { live } of [plain, throughKey]) sessions.add(live)
    const rechecking = sessions.userChanged({ id: 'u1', role: 'viewer' })
    expect(plain.record.principal.role).toBe('viewer')
    expect(throughKey.record.principal.role).toBe('viewer')
    await vi.waitFor(() => expect(pending).toHaveLength(2))
    for (const resolve of pending) resolve(principal({ role: 'viewer' }))
    await rechecking
    expect(plain.record.changes).toHaveLength(1)
  })

  it('ends every session of a removed user at once', () => {
    const load = vi.fn(async () => principal())
    const sessions = new LiveSessions(load, silent)
    const first = session(principal())
    const second = session(principal({ sessionId: undefined, apiKeyId: 'k1' }))
    for (const { live } of [first, second]) sessions.add(live)
    sessions.userRemoved('u1')
    expect([first.record.ended, second.record.ended]).toEqual([['Unknown user'], ['Unknown user']])
    expect(load).not.toHaveBeenCalled()
    expect(sessions.count('u1')).toBe(0)
  })
})
