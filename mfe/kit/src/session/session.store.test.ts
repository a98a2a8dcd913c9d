import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { TroupeClient } from '@troupe/sdk'
import { setApi } from '../api/use-api.ts'
import { useSessionStore } from './session.store.ts'

const user = { id: 'u1', tenantId: 't1', email: 'ann@acme.test', name: 'Ann', role: 'viewer', createdAt: '', updatedAt: '' }
const jwt = (exp: number) => `h.${btoa(JSON.stringify({ exp }))}.s`
/** A token valid for a quarter of an hour from now. */
const fresh = () => jwt(Math.floor(Date.now() / 1000) + 900)

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

describe('session store', () => {
  const fetchMock = vi.fn<typeof fetch>()
  const authenticate = vi.fn(async () => ({}))
  const logout = vi.fn(async () => null)

  beforeEach(() => {
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
    setApi({ authenticate, logout, service: () => ({ on: () => undefined }) } as unknown as TroupeClient)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
    fetchMock.mockReset()
    authenticate.mockClear()
  })

  it('restores a session from the refresh cookie and authenticates the socket with the new token', async () => {
    const token = fresh()
    fetchMock.mockResolvedValueOnce(answer(201, { accessToken: token, user }))
    const session = useSessionStore()
    await session.restore()

    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/v1/authentication')
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', headers: { 'x-troupe-refresh-cookie': '1' } })
    expect(JSON.parse(String(init!.body))).toEqual({ strategy: 'refresh' })
    expect(authenticate).toHaveBeenCalledWith({ strategy: 'jwt', accessToken: token })
    expect(session.isAuthenticated).toBe(true)
    expect(session.canWrite).toBe(false)
  })

  it('is anonymous when the cookie is refused, without throwing', async () => {
    fetchMock.mockResolvedValueOnce(answer(401, { name: 'NotAuthenticated', code: 401, message: 'Invalid refresh token' }))
    const session = useSessionStore()
    await session.restore()
    expect(session.status).toBe('anonymous')
    expect(authenticate).not.toHaveBeenCalled()
  })

  it('does not sign out on a 429 at page load: it waits the retryAfter the server gave and signs back in', async () => {
    vi.useFakeTimers({ now: 0 })
    fetchMock
      .mockResolvedValueOnce(answer(429, { name: 'TooManyRequests', code: 429, message: 'Too many requests', data: { retryAfter: 2 } }))
      .mockResolvedValueOnce(answer(201, { accessToken: jwt(900), user }))
    const session = useSessionStore()
    const restoring = session.restore()
    await vi.advanceTimersByTimeAsync(1900)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(200)
    await restoring
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(session.isAuthenticated).toBe(true)
  })

  it('gives up after three unanswered attempts at page load and shows the login', async () => {
    vi.useFakeTimers({ now: 0 })
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const session = useSessionStore()
    const restoring = session.restore()
    await vi.advanceTimersByTimeAsync(5000)
    await restoring
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(session.status).toBe('anonymous')
  })

  it('keeps a live session when a background refresh meets a 429', async () => {
    fetchMock
      .mockResolvedValueOnce(answer(201, { accessToken: fresh(), user }))
      .mockResolvedValueOnce(answer(429, { name: 'TooManyRequests', code: 429, message: 'Too many requests', data: { retryAfter: 5 } }))
    const session = useSessionStore()
    await session.login('ann@acme.test', 'a long password')
    await expect(session.refresh()).rejects.toMatchObject({ code: 429 })
    expect(session.isAuthenticated).toBe(true)
  })

  it('surfaces a failed login with the server message and stays anonymous', async () => {
    fetchMock.mockResolvedValueOnce(answer(401, { name: 'NotAuthenticated', code: 401, message: 'Invalid login' }))
    const session = useSessionStore()
    await expect(session.login('ann@acme.test', 'wrong')).rejects.toMatchObject({ message: 'Invalid login', code: 401 })
    expect(session.isAuthenticated).toBe(false)
  })

  it('refreshes silently before the access token expires', async () => {
    vi.useFakeTimers({ now: 0 })
    fetchMock
      .mockResolvedValueOnce(answer(201, { accessToken: jwt(900), user: { ...user, role: 'admin' } }))
      .mockResolvedValueOnce(answer(201, { accessToken: jwt(1800), user: { ...user, role: 'admin' } }))
    const session = useSessionStore()
    await session.login('ann@acme.test', 'a long password')
    expect(session.isAdmin).toBe(true)
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await vi.advanceTimersByTimeAsync(14 * 60_000 + 1000)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(JSON.parse(String(fetchMock.mock.calls[1]![1]!.body))).toEqual({ strategy: 'refresh' })
    expect(authenticate).toHaveBeenLastCalledWith({ strategy: 'jwt', accessToken: jwt(1800) })
    expect(session.isAuthenticated).toBe(true)
  })

  it('shares one refresh between concurrent callers', async () => {
    fetchMock.mockResolvedValue(answer(201, { accessToken: fresh(), user }))
    const session = useSessionStore()
    await Promise.all([session.refresh(), session.refresh(), session.refresh()])
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('logs out on the server with the access token and forgets the user', async () => {
    const token = fresh()
    fetchMock
      .mockResolvedValueOnce(answer(201, { accessToken: token, user }))
      .mockResolvedValueOnce(answer(200, { accessToken: 'x' }))
    const session = useSessionStore()
    await session.login('ann@acme.test', 'a long password')
    await session.logout()
    const [url, init] = fetchMock.mock.calls[1]!
    expect(url).toBe('/api/v1/authentication')
    expect(init).toMatchObject({ method: 'DELETE', headers: { authorization: `Bearer ${token}`, 'x-troupe-refresh-cookie': '1' } })
    expect(logout).toHaveBeenCalled()
    expect(session.user).toBeNull()
    expect(session.status).toBe('anonymous')
  })

  it("takes in a change of its own user's role as it arrives, and no one else's", async () => {
    const listeners: Record<string, (record: unknown) => void> = {}
    const users = { on: (event: string, listener: (record: unknown) => void) => (listeners[event] = listener) }
    setApi({ authenticate, logout, service: () => users } as unknown as TroupeClient)
    fetchMock.mockResolvedValueOnce(answer(201, { accessToken: fresh(), user }))
    const session = useSessionStore()
    await session.restore()
    expect(session.canWrite).toBe(false)
    listeners.patched!({ ...user, id: 'someone-else', role: 'admin' })
    expect(session.role).toBe('viewer')
    listeners.patched!({ ...user, role: 'admin' })
    expect(session.role).toBe('admin')
    expect(session.isAdmin).toBe(true)
    expect(session.user?.email).toBe('ann@acme.test')
  })
})
