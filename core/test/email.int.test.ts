import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from './http.js'
import { confirmMailedAddress, linkIn, startSmtpInbox, type SmtpInbox } from './smtp-inbox.js'
import { login, signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/** Invitations and password resets delivered by a real SMTP server started here, read back from it. */

let inbox: SmtpInbox
let server: TestServer
let t: TestTenant
const unique = () => randomBytes(4).toString('hex')
const publicUrl = 'https://troupe.example.test'

beforeAll(async () => {
  inbox = await startSmtpInbox()
  server = await startTestServer({ TROUPE_SMTP_URL: `smtp://127.0.0.1:${inbox.port}`, TROUPE_PUBLIC_URL: publicUrl })
  t = await signupTenant(server.url)
  await confirmMailedAddress(server.url, inbox, t.admin.email)
})
afterAll(async () => {
  await server?.close()
  await inbox?.close()
})

describe('invitations by email', () => {
  it('mails a one-use link; accepting it creates the user with the invited role and logs it in', async () => {
    const email = `invitee-${unique()}@example.test`
    const invited = await t.admin.http.post('/invitations', { email, role: 'viewer' })
    expect(invited.status, JSON.stringify(invited.body)).toBe(201)
    expect(invited.body).toMatchObject({ email, role: 'viewer', tenantId: t.id, invitedBy: t.admin.id })
    expect(Object.keys(invited.body)).not.toContain('tokenHash')

    const mail = await inbox.next(email)
    expect(mail.subject).toMatch(/invited/)
    const { url, token } = linkIn(mail)
    expect(url.startsWith(`${publicUrl}/invitations/accept?token=`)).toBe(true)
    expect((await t.admin.http.get('/invitations')).body.data.map((row: { email: string }) => row.email)).toContain(email)

    const accepted = await httpClient(server.url).post('/invitation-acceptances', { token, name: 'Vera Viewer', password: 'a viewer password' })
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201)
    expect(accepted.body.user).toMatchObject({ email, role: 'viewer', tenantId: t.id, name: 'Vera Viewer' })
    expect(typeof accepted.body.accessToken).toBe('string')
    expect(typeof accepted.body.refreshToken).toBe('string')
    expect((await httpClient(server.url, accepted.body.accessToken).get('/flows')).status).toBe(200)

    const session = await login(server.url, email, 'a viewer password')
    expect(session.user.role).toBe('viewer')
    expect((await t.admin.http.get('/invitations')).body.data.map((row: { email: string }) => row.email)).not.toContain(email)
    expect((await httpClient(server.url).post('/invitation-acceptances', { token, name: 'Again', password: 'a viewer password' })).status).toBe(400)
  })

  it('gives the web workspace the refresh token as its cookie', async () => {
    const email = `cookie-${unique()}@example.test`
    expect((await t.admin.http.post('/invitations', { email, role: 'member' })).status).toBe(201)
    const { token } = linkIn(await inbox.next(email))
    const accepted = await httpClient(server.url).post('/invitation-acceptances', { token, name: 'Cookie', password: 'a member password' }, { 'x-troupe-refresh-cookie': '1' })
    expect(accepted.status).toBe(201)
    expect(accepted.body).not.toHaveProperty('refreshToken')
    expect(accepted.headers.get('set-cookie')).toMatch(/troupe_refresh=.*httponly/i)
  })
})

describe('password reset by email', () => {
  it('mails a link that sets a new password and ends every session: old password and refresh token refused', async () => {
    const user = await t.addUser('member')
    const requested = await httpClient(server.url).post('/password-resets', { email: user.email.toUpperCase() })
    expect(requested.status).toBe(202)
    const { url, token } = linkIn(await inbox.next(user.email))
    expect(url.startsWith(`${publicUrl}/password-reset?token=`)).toBe(true)

    const confirmed = await httpClient(server.url).post('/password-reset-confirmations', { token, password: 'a brand new password' })
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200)
    expect(confirmed.body).toEqual({ reset: true })

    expect((await httpClient(server.url).post('/authentication', { strategy: 'local', email: user.email, password: user.password })).status).toBe(401)
    expect((await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: user.refreshToken })).status).toBe(401)
    expect((await httpClient(server.url, user.accessToken).get('/flows')).status).toBe(401)
    expect((await login(server.url, user.email, 'a brand new password')).user.id).toBe(user.id)
    expect((await httpClient(server.url).post('/password-reset-confirmations', { token, password: 'yet another password' })).status).toBe(400)
  })

  it('applies the password rules of signup', async () => {
    const user = await t.addUser('viewer')
    await httpClient(server.url).post('/password-resets', { email: user.email })
    const { token } = linkIn(await inbox.next(user.email))
    const short = await httpClient(server.url).post('/password-reset-confirmations', { token, password: 'short' })
    expect(short.status).toBe(400)
    expect(JSON.stringify(short.body)).toMatch(/password/)
    expect((await httpClient(server.url).post('/password-reset-confirmations', { token, password: 'long enough now' })).status).toBe(200)
  })
})

describe('email verification', () => {
  it('a signup mails a link; until it is opened the admin cannot invite; opening it proves the address once', async () => {
    const fresh = await signupTenant(server.url)
    const before = await fresh.admin.http.get(`/users/${fresh.admin.id}`)
    expect(before.body.emailVerifiedAt).toBeNull()
    const refused = await fresh.admin.http.post('/invitations', { email: `x-${unique()}@example.test`, role: 'member' })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/Confirm your own email address/)

    const mail = await inbox.next(fresh.admin.email)
    expect(mail.subject).toBe('Confirm your email address for Troupe')
    const { url, token } = linkIn(mail)
    expect(url.startsWith(`${publicUrl}/verify-email?token=`)).toBe(true)
    const confirmed = await httpClient(server.url).post('/email-verification-confirmations', { token })
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200)
    expect(confirmed.body).toEqual({ verified: true, email: fresh.admin.email })
    expect((await fresh.admin.http.get(`/users/${fresh.admin.id}`)).body.emailVerifiedAt).toEqual(expect.any(String))
    expect((await fresh.admin.http.post('/invitations', { email: `y-${unique()}@example.test`, role: 'member' })).status).toBe(201)
    expect((await httpClient(server.url).post('/email-verification-confirmations', { token })).status).toBe(400)
  })

  it('a new link can be asked for: the older one stops working, and a proven address gets none', async () => {
    const fresh = await signupTenant(server.url)
    const { token: first } = linkIn(await inbox.next(fresh.admin.email))
    const again = await fresh.admin.http.post('/email-verifications', {})
    expect(again.status).toBe(202)
    expect(again.body).toMatchObject({ sent: true })
    const { token: second } = linkIn(await inbox.next(fresh.admin.email))
    expect((await httpClient(server.url).post('/email-verification-confirmations', { token: first })).status).toBe(400)
    expect((await httpClient(server.url).post('/email-verification-confirmations', { token: second })).status).toBe(200)
    const done = await fresh.admin.http.post('/email-verifications', {})
    expect(done.status).toBe(202)
    expect(done.body).toMatchObject({ sent: false })
  })

  it('a changed address is unproven again, with a link to the new one; the old link proves nothing', async () => {
    const fresh = await signupTenant(server.url)
    const { token: oldLink } = linkIn(await inbox.next(fresh.admin.email))
    const newEmail = `moved-${unique()}@example.test`
    const patched = await fresh.admin.http.patch(`/users/${fresh.admin.id}`, { email: newEmail, currentPassword: fresh.admin.password })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body.emailVerifiedAt).toBeNull()
    expect((await httpClient(server.url).post('/email-verification-confirmations', { token: oldLink })).status).toBe(400)
    const { token } = linkIn(await inbox.next(newEmail))
    expect((await httpClient(server.url).post('/email-verification-confirmations', { token })).body).toEqual({ verified: true, email: newEmail })
  })

  it('an accepted invitation and a password reset prove the address they were mailed to', async () => {
    const invitee = `proven-${unique()}@example.test`
    await t.admin.http.post('/invitations', { email: invitee, role: 'member' })
    const { token } = linkIn(await inbox.next(invitee))
    const accepted = await httpClient(server.url).post('/invitation-acceptances', { token, name: 'Proven', password: 'a member password' })
    expect(accepted.body.user.emailVerifiedAt).toEqual(expect.any(String))

    const typed = await t.addUser('member')
    expect((await t.admin.http.get(`/users/${typed.id}`)).body.emailVerifiedAt).toBeNull()
    await httpClient(server.url).post('/password-resets', { email: typed.email })
    const { token: reset } = linkIn(await inbox.next(typed.email))
    expect((await httpClient(server.url).post('/password-reset-confirmations', { token: reset, password: 'a reset password' })).status).toBe(200)
    expect((await t.admin.http.get(`/users/${typed.id}`)).body.emailVerifiedAt).toEqual(expect.any(String))
  })

  it('without SMTP nothing can be proven by mail: accounts start verified and can invite', async () => {
    const mailless = await startTestServer()
    try {
      const tenant = await signupTenant(mailless.url)
      expect((await tenant.admin.http.get(`/users/${tenant.admin.id}`)).body.emailVerifiedAt).toEqual(expect.any(String))
      expect((await tenant.admin.http.post('/invitations', { email: `z-${unique()}@example.test`, role: 'viewer' })).status).toBe(201)
    } finally {
      await mailless.close()
    }
  })
})
