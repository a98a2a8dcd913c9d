import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from './http.js'
import { linkIn, startSmtpInbox, type SmtpInbox } from './smtp-inbox.js'
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
