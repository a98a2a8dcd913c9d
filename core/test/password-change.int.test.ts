import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restPrefix } from '@troupe/sdk'
import { httpClient } from './http.js'
import { connectSocket } from './socket.js'
import { login, signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Changing a password: your own takes your current one (`currentPassword`, never stored, echoed or
 * audited), another user's (as an admin) does not. The session that made the change goes on,
 * refresh cookie included; every other session of that user ends.
 */

let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

const anonymous = () => httpClient(server.url)
const canLogIn = async (email: string, password: string) =>
  (await anonymous().post('/authentication', { strategy: 'local', email, password })).status === 201

/** A login the way the web workspace does it: the refresh token comes back as a cookie. */
async function workspaceLogin(email: string, password: string) {
  const response = await fetch(`${server.url}${restPrefix}/authentication`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-troupe-refresh-cookie': '1' },
    body: JSON.stringify({ strategy: 'local', email, password })
  })
  expect(response.status).toBe(201)
  const cookie = /troupe_refresh=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')![1]!
  return { accessToken: ((await response.json()) as { accessToken: string }).accessToken, cookie }
}

async function refreshWithCookie(cookie: string) {
  const response = await fetch(`${server.url}${restPrefix}/authentication`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-troupe-refresh-cookie': '1', cookie: `troupe_refresh=${cookie}` },
    body: JSON.stringify({ strategy: 'refresh' })
  })
  return { status: response.status, body: (await response.json()) as { accessToken?: string } }
}

describe('changing your own password', () => {
  it('needs the current password: missing or wrong is a 400 naming currentPassword, and nothing changes', async () => {
    const user = await tenant.addUser('member')
    const missing = await user.http.patch(`/users/${user.id}`, { password: 'a brand new password' })
    expect(missing.status).toBe(400)
    expect(missing.body.data).toEqual([expect.objectContaining({ field: 'currentPassword' })])
    expect(missing.body.message).toMatch(/currentPassword/)

    const wrong = await user.http.patch(`/users/${user.id}`, { password: 'a brand new password', currentPassword: 'not my password' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.data).toEqual([expect.objectContaining({ field: 'currentPassword' })])
    expect(JSON.stringify(wrong.body)).not.toContain('not my password')

    const empty = await user.http.patch(`/users/${user.id}`, { password: 'a brand new password', currentPassword: '' })
    expect(empty.status).toBe(400)
    expect(empty.body.message).toMatch(/currentPassword/)

    expect(await canLogIn(user.email, user.password)).toBe(true)
    expect(await canLogIn(user.email, 'a brand new password')).toBe(false)
    expect((await user.http.get('/flows')).status).toBe(200)
  })

  it('with the right one, changes it and answers the user without any password field', async () => {
    const user = await tenant.addUser('viewer')
    const changed = await user.http.patch(`/users/${user.id}`, { password: 'a brand new password', currentPassword: user.password })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ id: user.id, email: user.email })
    for (const field of ['password', 'currentPassword', 'passwordHash']) expect(changed.body).not.toHaveProperty(field)
    expect(await canLogIn(user.email, 'a brand new password')).toBe(true)
    expect(await canLogIn(user.email, user.password)).toBe(false)
  })

  it('cannot be stepped around by naming yourself in capitals', async () => {
    for (const role of ['member', 'admin'] as const) {
      const user = await tenant.addUser(role)
      const attempt = await user.http.patch(`/users/${user.id.toUpperCase()}`, { password: 'a brand new password' })
      expect(attempt.status).toBe(400)
      expect(attempt.body.data).toEqual([expect.objectContaining({ field: 'currentPassword' })])
      expect(await canLogIn(user.email, user.password)).toBe(true)
    }
  })

  it('keeps the session that changed it when it names itself in capitals', async () => {
    const user = await tenant.addUser('member')
    expect((await user.http.patch(`/users/${user.id.toUpperCase()}`, { password: 'a brand new password', currentPassword: user.password })).status).toBe(200)
    expect((await user.http.get('/flows')).status).toBe(200)
  })

  it('applies to admins too', async () => {
    const admin = await tenant.addUser('admin')
    expect((await admin.http.patch(`/users/${admin.id}`, { password: 'an admin password' })).status).toBe(400)
    expect((await admin.http.patch(`/users/${admin.id}`, { password: 'an admin password', currentPassword: admin.password })).status).toBe(200)
    expect(await canLogIn(admin.email, 'an admin password')).toBe(true)
  })

  it('is not needed for other changes of yourself, and is never kept when sent with them', async () => {
    const user = await tenant.addUser('member')
    const renamed = await user.http.patch(`/users/${user.id}`, { name: 'Renamed', currentPassword: 'whatever it is' })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ name: 'Renamed' })
    expect(renamed.body).not.toHaveProperty('currentPassword')
    expect(await canLogIn(user.email, user.password)).toBe(true)
  })

  it('keeps the session that changed it, refresh cookie included, and ends every other one', async () => {
    const user = await tenant.addUser('member')
    const here = await workspaceLogin(user.email, user.password)
    const elsewhere = await login(server.url, user.email, user.password)
    const changed = await httpClient(server.url, here.accessToken).patch(`/users/${user.id}`, { password: 'a brand new password', currentPassword: user.password })
    expect(changed.status).toBe(200)

    expect((await httpClient(server.url, here.accessToken).get('/flows')).status).toBe(200)
    const refreshed = await refreshWithCookie(here.cookie)
    expect(refreshed.status).toBe(201)
    expect((await httpClient(server.url, refreshed.body.accessToken).get('/flows')).status).toBe(200)

    expect((await httpClient(server.url, elsewhere.accessToken).get('/flows')).status).toBe(401)
    expect((await anonymous().post('/authentication', { strategy: 'refresh', refreshToken: elsewhere.refreshToken })).status).toBe(401)
    // The session made by `addUser` ended as well.
    expect((await user.http.get('/flows')).status).toBe(401)
  })

  it('works over Socket.IO the same way, and the socket session goes on', async () => {
    const user = await tenant.addUser('member')
    const session = await login(server.url, user.email, user.password)
    const socket = await connectSocket(server.url, session.accessToken)
    try {
      const refused = await socket.service('users').patch(user.id, { password: 'a brand new password' }).catch((error: { code: number; data: unknown }) => error)
      expect(refused).toMatchObject({ code: 400, data: [expect.objectContaining({ field: 'currentPassword' })] })
      await socket.service('users').patch(user.id, { password: 'a brand new password', currentPassword: user.password })
      expect(await canLogIn(user.email, 'a brand new password')).toBe(true)
      expect((await socket.service('flows').find()).total).toBeGreaterThanOrEqual(0)
      expect((await anonymous().post('/authentication', { strategy: 'refresh', refreshToken: session.refreshToken })).status).toBe(201)
    } finally {
      socket.close()
    }
  })
})

describe('an admin setting another user\'s password', () => {
  it('needs no current password, and ends that user\'s sessions but not the admin\'s', async () => {
    const user = await tenant.addUser('member')
    const set = await tenant.admin.http.patch(`/users/${user.id}`, { password: 'set by the admin' })
    expect(set.status).toBe(200)
    expect(await canLogIn(user.email, 'set by the admin')).toBe(true)
    expect((await user.http.get('/flows')).status).toBe(401)
    expect((await tenant.admin.http.get('/flows')).status).toBe(200)
  })

  it('ignores a currentPassword sent along, right or wrong', async () => {
    const user = await tenant.addUser('member')
    expect((await tenant.admin.http.patch(`/users/${user.id}`, { password: 'set by the admin', currentPassword: 'anything at all' })).status).toBe(200)
    expect(await canLogIn(user.email, 'set by the admin')).toBe(true)
  })

  it('is refused to a member aiming at someone else', async () => {
    const member = await tenant.addUser('member')
    const other = await tenant.addUser('member')
    const attempt = await member.http.patch(`/users/${other.id}`, { password: 'chosen by the attacker', currentPassword: member.password })
    expect(attempt.status).toBe(404)
    expect(await canLogIn(other.email, other.password)).toBe(true)
  })
})

describe('your own account named in capitals', () => {
  it('is still yours: an admin can neither change its own role nor remove itself that way', async () => {
    const admin = await tenant.addUser('admin')
    const shouted = `/users/${admin.id.toUpperCase()}`
    expect((await admin.http.patch(shouted, { role: 'viewer' })).status).toBe(403)
    expect((await admin.http.delete(shouted)).status).toBe(403)
    expect((await tenant.admin.http.get(`/users/${admin.id}`)).body.role).toBe('admin')
  })
})

describe('the audit log of password changes', () => {
  it('names the fields, never their values, of refused and accepted changes', async () => {
    const user = await tenant.addUser('member')
    const secrets = { current: user.password, wrong: 'a wrong guess at it', next: 'the audited new password' }
    await user.http.patch(`/users/${user.id}`, { password: secrets.next, currentPassword: secrets.wrong })
    await user.http.patch(`/users/${user.id}`, { password: secrets.next, currentPassword: secrets.current })
    const trail = await tenant.admin.http.get(`/audit-logs?recordId=${user.id}&service=users`)
    expect(trail.status).toBe(200)
    const patches = trail.body.data.filter((entry: { method: string }) => entry.method === 'patch')
    expect(patches.map((entry: { outcome: string }) => entry.outcome).sort()).toEqual(['failure', 'success'])
    for (const entry of patches) expect(entry.details.fields).toEqual(['currentPassword', 'password'])
    const text = JSON.stringify(trail.body)
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret)
  })
})
