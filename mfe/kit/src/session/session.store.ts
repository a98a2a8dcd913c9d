import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { InvitationAcceptanceData, SignupData, User } from '@troupe/sdk'
import { setSessionRefresher, useApi } from '../api/use-api.ts'
import { ApiRequestError, authRequests, type SessionGrant } from './auth-requests.ts'
import { refreshDelay, tokenExpiry } from './token-expiry.ts'
import { withRefreshLock } from './with-refresh-lock.ts'

export type SessionStatus = 'unknown' | 'authenticated' | 'anonymous'

const channelName = 'troupe-session'
const restoreAttempts = 3

/** The server said no to the credentials (as opposed to "not now" or no answer at all). */
const isRefusal = (error: unknown) => error instanceof ApiRequestError && error.code === 401

/** How long to wait before asking again: the server's `retryAfter` (seconds, at most 30) or a second. */
function retryDelayMs(error: unknown): number {
  const seconds = error instanceof ApiRequestError ? Number((error.data as { retryAfter?: unknown } | undefined)?.retryAfter) : NaN
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) * 1000 : 1000
}

/**
 * Who is logged in. The access token lives in this closure only (never in storage or in reactive
 * state); the refresh token never reaches JavaScript: it is an HttpOnly cookie that `refresh`
 * trades for a new access token, which is how a reload signs the user back in silently.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null)
  const status = ref<SessionStatus>('unknown')
  let accessToken: string | undefined
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let refreshing: Promise<void> | undefined
  let channel: BroadcastChannel | undefined
  let followingOwnRecord = false

  const isAuthenticated = computed(() => status.value === 'authenticated')
  const role = computed(() => user.value?.role)
  /** Admins and members build, run and delete; viewers only read. */
  const canWrite = computed(() => role.value === 'admin' || role.value === 'member')
  const isAdmin = computed(() => role.value === 'admin')

  function clear() {
    clearTimeout(refreshTimer)
    accessToken = undefined
    user.value = null
    status.value = 'anonymous'
  }

  function listenToOtherTabs() {
    if (channel || typeof BroadcastChannel === 'undefined') return
    channel = new BroadcastChannel(channelName)
    channel.onmessage = (event: MessageEvent) => {
      if (event.data === 'signed-out' && isAuthenticated.value) {
        clear()
        void useApi().logout().catch(() => undefined)
      }
    }
  }

  function scheduleRefresh(token: string) {
    clearTimeout(refreshTimer)
    const expiresAt = tokenExpiry(token)
    if (expiresAt === undefined) return
    refreshTimer = setTimeout(() => void refresh().catch(() => undefined), refreshDelay(expiresAt, Date.now()))
  }

  async function establish(grant: SessionGrant) {
    // The socket connection authenticates with the same token, so live events reach this user.
    await useApi().authenticate!({ strategy: 'jwt', accessToken: grant.accessToken })
    accessToken = grant.accessToken
    user.value = grant.user
    status.value = 'authenticated'
    scheduleRefresh(grant.accessToken)
    listenToOtherTabs()
    followOwnRecord()
  }

  /**
   * An admin changing this user's role (or name) reaches the page at once as a `users` event: the
   * session takes it in, so what the page offers and says (buttons, "Only admins…") follows the
   * role in force, not the one the page was opened with.
   */
  function followOwnRecord() {
    if (followingOwnRecord) return
    const users = useApi().service('users') as unknown as { on(event: string, listener: (record: User) => void): void }
    followingOwnRecord = true
    const take = (record: User) => {
      if (record?.id && record.id === user.value?.id) user.value = { ...user.value, ...record }
    }
    users.on('patched', take)
    users.on('updated', take)
  }

  /**
   * Trades the refresh cookie for a new access token. Only a refusal (401) ends the session: a 429
   * or an unreachable server leaves it (and the cookie) to be tried again.
   */
  function refresh(): Promise<void> {
    refreshing ??= withRefreshLock(() => authRequests.refresh())
      .then(establish, (error: unknown) => {
        if (isRefusal(error)) clear()
        throw error
      })
      .finally(() => {
        refreshing = undefined
      })
    return refreshing
  }

  // A call refused with an expired token is retried after this renews the session.
  setSessionRefresher(async () => {
    if (!isAuthenticated.value) return false
    await refresh()
    return true
  })

  /**
   * On page load: signs back in with the refresh cookie when there is a live session. A refusal
   * means signed out; a 429 or a failed request is tried again (after the server's `retryAfter`)
   * before the page gives up and shows the login.
   */
  async function restore(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await refresh()
      } catch (error) {
        if (isRefusal(error) || attempt >= restoreAttempts) return clear()
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(error)))
      }
    }
  }

  async function login(email: string, password: string) {
    await establish(await authRequests.login(email, password))
  }

  async function signup(data: SignupData) {
    await establish(await authRequests.signup(data))
  }

  /** Joins the workspace an invitation was for and logs in, like a signup. */
  async function acceptInvitation(data: InvitationAcceptanceData) {
    await establish(await authRequests.acceptInvitation(data))
  }

  /** Ends the session on the server (refresh cookie cleared, tokens revoked) and in every tab. */
  async function logout() {
    const token = accessToken
    clear()
    try {
      if (token) await authRequests.logout(token)
    } finally {
      await useApi()
        .logout()
        .catch(() => undefined)
      channel?.postMessage('signed-out')
    }
  }

  /** Opens a mailed verification link; the signed-in user, when it is the one proven, shows as verified. */
  async function confirmEmail(token: string) {
    const confirmed = await authRequests.confirmEmail(token)
    if (user.value && user.value.email === confirmed.email) user.value = { ...user.value, emailVerifiedAt: new Date().toISOString() }
    return confirmed
  }

  /** Updates the shown user after the user edits itself. */
  function setUser(next: User) {
    user.value = next
  }

  return { user, status, isAuthenticated, role, canWrite, isAdmin, restore, refresh, login, signup, acceptInvitation, requestPasswordReset: authRequests.requestPasswordReset, confirmPasswordReset: authRequests.confirmPasswordReset, confirmEmail, logout, setUser }
})
