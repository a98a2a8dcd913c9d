import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restPrefix } from '@troupe/sdk'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

const workspace = { 'content-type': 'application/json', 'x-troupe-refresh-cookie': '1' }
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${restPrefix}${path}`, { method: 'POST', headers: { ...workspace, ...headers }, body: JSON.stringify(body) })
const cookieOf = (response: Response) => /troupe_refresh=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1]

describe('refresh token cookie for the web workspace', () => {
  it('moves the refresh token from a login answer into an HttpOnly, SameSite=Strict cookie on the authentication path', async () => {
    const response = await post('/authentication', { strategy: 'local', email: tenant.admin.email, password: tenant.admin.password })
    expect(response.status).toBe(201)
    const body = await response.json()
    expect(body.accessToken).toBeTruthy()
    expect(body).not.toHaveProperty('refreshToken')
    const setCookie = response.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/troupe_refresh=[^;]+/)
    expect(setCookie).toMatch(/path=\/api\/v1\/authentication/i)
    expect(setCookie).toMatch(/httponly/i)
    expect(setCookie).toMatch(/samesite=strict/i)
    expect(setCookie).not.toMatch(/secure/i) // plain HTTP here
  })

  it('does so on signup too', async () => {
    const response = await post('/signup', { tenant: { name: 'Cookie Co' }, name: 'C', email: `c-${Date.now()}@example.test`, password: 'correct horse battery' })
    expect(response.status).toBe(201)
    expect(await response.json()).not.toHaveProperty('refreshToken')
    expect(cookieOf(response)).toBeTruthy()
  })

  it('refreshes from the cookie alone, rotates it, and refuses the old one (clearing the cookie)', async () => {
    const login = await post('/authentication', { strategy: 'local', email: tenant.admin.email, password: tenant.admin.password })
    const first = cookieOf(login)!
    const refreshed = await post('/authentication', { strategy: 'refresh' }, { cookie: `troupe_refresh=${first}` })
    expect(refreshed.status).toBe(201)
    const body = await refreshed.json()
    expect(body.accessToken).toBeTruthy()
    expect(body).not.toHaveProperty('refreshToken')
    const second = cookieOf(refreshed)!
    expect(second).toBeTruthy()
    expect(second).not.toBe(first)

    const reused = await post('/authentication', { strategy: 'refresh' }, { cookie: `troupe_refresh=${first}` })
    expect(reused.status).toBe(401)
    expect(reused.headers.get('set-cookie')).toMatch(/troupe_refresh=;/)
  })

  it('ignores the cookie without the workspace header, and outside the authentication service', async () => {
    const login = await post('/authentication', { strategy: 'local', email: tenant.admin.email, password: tenant.admin.password })
    const cookie = `troupe_refresh=${cookieOf(login)}`
    const noHeader = await fetch(`${server.url}${restPrefix}/authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ strategy: 'refresh' })
    })
    expect(noHeader.status).toBe(401)
    const elsewhere = await fetch(`${server.url}${restPrefix}/users`, { headers: { cookie, 'x-troupe-refresh-cookie': '1' } })
    expect(elsewhere.status).toBe(401)
  })

  it('clears the cookie on logout and the session is over', async () => {
    const login = await post('/authentication', { strategy: 'local', email: tenant.admin.email, password: tenant.admin.password })
    const { accessToken } = await login.json()
    const cookie = `troupe_refresh=${cookieOf(login)}`
    const logout = await fetch(`${server.url}${restPrefix}/authentication`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${accessToken}`, 'x-troupe-refresh-cookie': '1', cookie }
    })
    expect(logout.status).toBe(200)
    expect(logout.headers.get('set-cookie')).toMatch(/troupe_refresh=;/)
    expect((await post('/authentication', { strategy: 'refresh' }, { cookie })).status).toBe(401)
  })

  it('keeps answering API clients with the refresh token in the body', async () => {
    const response = await fetch(`${server.url}${restPrefix}/authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'local', email: tenant.admin.email, password: tenant.admin.password })
    })
    expect((await response.json()).refreshToken).toBeTruthy()
    expect(response.headers.get('set-cookie')).toBeNull()
  })
})
