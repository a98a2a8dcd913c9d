import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from '../http.js'
import { confirmMailedAddress, linkIn, startSmtpInbox, type SmtpInbox } from '../smtp-inbox.js'
import { connectSocket, recordEvents, settle } from '../socket.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

/**
 * Invitations and password resets under attack: the wrong roles and tenants, tokens reused,
 * expired, revoked, made up, oversized or of the other kind, addresses probed through the reset
 * door, and tokens leaking into answers, logs or events.
 */

const resetsPerAddress = 3
let inbox: SmtpInbox
let server: TestServer
let t: TestTenant
let other: TestTenant
const logLines: string[] = []
const seenTokens: string[] = []
const unique = () => randomBytes(4).toString('hex')
const anonymous = () => httpClient(server.url)

beforeAll(async () => {
  inbox = await startSmtpInbox()
  server = await startTestServer({ TROUPE_SMTP_URL: `smtp://127.0.0.1:${inbox.port}`, TROUPE_PASSWORD_RESETS: String(resetsPerAddress) }, { logLines })
  ;[t, other] = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
  await Promise.all([t, other].map((tenant) => confirmMailedAddress(server.url, inbox, tenant.admin.email)))
})
afterAll(async () => {
  await server?.close()
  await inbox?.close()
})

async function invite(tenant: TestTenant, role = 'member') {
  const email = `invitee-${unique()}@example.test`
  const invited = await tenant.admin.http.post('/invitations', { email, role })
  expect(invited.status, JSON.stringify(invited.body)).toBe(201)
  const { token } = linkIn(await inbox.next(email))
  seenTokens.push(token)
  return { id: invited.body.id as string, email, token }
}

async function resetToken(email: string) {
  expect((await anonymous().post('/password-resets', { email })).status).toBe(202)
  const { token } = linkIn(await inbox.next(email))
  seenTokens.push(token)
  return token
}

const userCount = async () => Number((await server.app.get('knex')('users').withSchema('public').count({ n: '*' }).first())?.n)
const accept = (token: string) => anonymous().post('/invitation-acceptances', { token, name: 'Intruder', password: 'an intruder password' })

describe('who may invite', () => {
  it('members and viewers cannot invite or list (403); anonymous callers cannot list (401)', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const user = await t.addUser(role)
      expect((await user.http.post('/invitations', { email: `x-${unique()}@example.test`, role: 'viewer' })).status).toBe(403)
      expect((await user.http.post('/invitations', { email: `x-${unique()}@example.test`, role: 'admin' })).status).toBe(403)
      expect((await user.http.get('/invitations')).status).toBe(403)
    }
    expect((await anonymous().get('/invitations')).status).toBe(401)
    expect((await anonymous().post('/invitations', { email: `x-${unique()}@example.test`, role: 'admin' })).status).toBe(401)
  })

  it('names the field of bad input and refuses an address that is already a user of the tenant (409)', async () => {
    const bad = await t.admin.http.post('/invitations', { email: 'not an address', role: 'member' })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toMatch(/email/)
    expect(JSON.stringify((await t.admin.http.post('/invitations', { email: `x-${unique()}@example.test`, role: 'owner' })).body)).toMatch(/role/)
    const member = await t.addUser('member')
    expect((await t.admin.http.post('/invitations', { email: member.email.toUpperCase(), role: 'admin' })).status).toBe(409)
  })

  it("another tenant's admin neither sees nor revokes a tenant's invitations", async () => {
    const { id } = await invite(t)
    expect((await other.admin.http.get('/invitations')).body.data.map((row: { id: string }) => row.id)).not.toContain(id)
    expect((await other.admin.http.get(`/invitations/${id}`)).status).toBe(404)
    expect((await other.admin.http.delete(`/invitations/${id}`)).status).toBe(404)
    expect((await t.admin.http.get(`/invitations/${id}`)).status).toBe(200)
  })
})

describe('invitation tokens', () => {
  it('reused, expired, revoked, made-up, oversized and reset tokens all get the same 400, and create nothing', async () => {
    const used = await invite(t)
    expect((await accept(used.token)).status).toBe(201)
    const expired = await invite(t)
    await server.app.get('knex')('invitations').withSchema('public').where({ id: expired.id }).update({ expiresAt: new Date(Date.now() - 1000) })
    const revoked = await invite(t)
    expect((await t.admin.http.delete(`/invitations/${revoked.id}`)).status).toBe(200)
    const member = await t.addUser('member')
    const reset = await resetToken(member.email)

    const before = await userCount()
    const answers = await Promise.all([used.token, expired.token, revoked.token, 'garbage', reset].map(accept))
    for (const answer of answers) {
      expect(answer.status).toBe(400)
      expect(answer.body).toEqual(answers[0]!.body)
    }
    expect(answers[0]!.body.data).toEqual([{ field: 'token', message: 'is invalid, already used or expired' }])
    expect((await accept('A'.repeat(5000))).status).toBe(400)
    expect(await userCount()).toBe(before)
    // The reset token still works for what it is.
    expect((await anonymous().post('/password-reset-confirmations', { token: reset, password: 'reset after all' })).status).toBe(200)
  })

  it("a tenant admin's own login changes nothing: the token decides the tenant and the role", async () => {
    const { token, email } = await invite(t, 'viewer')
    const accepted = await httpClient(server.url, other.admin.accessToken).post('/invitation-acceptances', { token, name: 'Joiner', password: 'a joiner password' })
    expect(accepted.status).toBe(201)
    expect(accepted.body.user).toMatchObject({ email, tenantId: t.id, role: 'viewer' })
  })

  it('two concurrent acceptances of one token create one user', async () => {
    const { token } = await invite(t)
    const before = await userCount()
    const answers = await Promise.all([accept(token), accept(token), accept(token)])
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400, 400])
    expect(await userCount()).toBe(before + 1)
  })
})

describe('password resets', () => {
  it('answers a known and an unknown address identically, in about the same time', async () => {
    const member = await t.addUser('member')
    const timed = async (email: string) => {
      const started = performance.now()
      const answer = await anonymous().post('/password-resets', { email })
      return { answer, ms: performance.now() - started }
    }
    const known = await timed(member.email)
    const unknown = await timed(`nobody-${unique()}@example.test`)
    expect(known.answer.status).toBe(202)
    expect(unknown.answer.status).toBe(202)
    expect(unknown.answer.body).toEqual(known.answer.body)
    expect(Math.min(known.ms, unknown.ms)).toBeGreaterThanOrEqual(290)
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(150)
    seenTokens.push(linkIn(await inbox.next(member.email)).token)
  })

  it(`is refused with 429 and Retry-After past ${resetsPerAddress} requests per address, known or not`, async () => {
    const member = await t.addUser('member')
    for (const email of [member.email, `nobody-${unique()}@example.test`]) {
      for (let index = 0; index < resetsPerAddress; index++) expect((await anonymous().post('/password-resets', { email })).status).toBe(202)
      const refused = await anonymous().post('/password-resets', { email })
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    for (let index = 0; index < resetsPerAddress; index++) seenTokens.push(linkIn(await inbox.next(member.email)).token)
  })

  it('reused, expired, made-up and invitation tokens get the same 400 and change no password', async () => {
    const member = await t.addUser('member')
    const used = await resetToken(member.email)
    expect((await anonymous().post('/password-reset-confirmations', { token: used, password: 'first new password' })).status).toBe(200)
    const expiredMember = await t.addUser('member')
    const expired = await resetToken(expiredMember.email)
    await server.app.get('knex')('passwordResets').withSchema('public').where({ tokenHash: (await import('../../src/auth/secure-token.js')).hashToken(expired) }).update({ expiresAt: new Date(Date.now() - 1000) })
    const invitation = await invite(t)

    const confirm = (token: string) => anonymous().post('/password-reset-confirmations', { token, password: 'an attacker password' })
    const answers = await Promise.all([used, expired, 'garbage', invitation.token].map(confirm))
    for (const answer of answers) {
      expect(answer.status).toBe(400)
      expect(answer.body).toEqual(answers[0]!.body)
    }
    expect((await confirm('A'.repeat(5000))).status).toBe(400)
    for (const email of [member.email, expiredMember.email]) {
      expect((await anonymous().post('/authentication', { strategy: 'local', email, password: 'an attacker password' })).status).toBe(401)
    }
    // The invitation was not spent by the attempt.
    expect((await accept(invitation.token)).status).toBe(201)
  })
})

describe('email verification', () => {
  const confirm = (token: string) => anonymous().post('/email-verification-confirmations', { token })

  it('an anonymous caller cannot ask for verification mail (401); a caller cannot name whose address to mail (400)', async () => {
    expect((await anonymous().post('/email-verifications', {})).status).toBe(401)
    const fresh = await signupTenant(server.url)
    seenTokens.push(linkIn(await inbox.next(fresh.admin.email)).token)
    const aimed = await fresh.admin.http.post('/email-verifications', { userId: t.admin.id, email: 'victim@example.test' })
    expect(aimed.status).toBe(400)
    expect(inbox.messages.some((mail) => mail.to.includes('victim@example.test'))).toBe(false)
  })

  it(`asking again is limited per user: 429 past ${resetsPerAddress}`, async () => {
    const fresh = await signupTenant(server.url)
    seenTokens.push(linkIn(await inbox.next(fresh.admin.email)).token)
    const statuses: number[] = []
    for (let index = 0; index <= resetsPerAddress; index++) statuses.push((await fresh.admin.http.post('/email-verifications', {})).status)
    expect(statuses).toEqual([...Array(resetsPerAddress).fill(202), 429])
    for (let index = 0; index < resetsPerAddress; index++) seenTokens.push(linkIn(await inbox.next(fresh.admin.email)).token)
  })

  it('made-up, oversized, reset and invitation tokens get the same 400 and prove nothing; a verification token resets no password', async () => {
    const fresh = await signupTenant(server.url)
    const verification = linkIn(await inbox.next(fresh.admin.email)).token
    const member = await t.addUser('member')
    const reset = await resetToken(member.email)
    const invitation = await invite(t)
    const answers = await Promise.all(['garbage', reset, invitation.token].map(confirm))
    for (const answer of answers) {
      expect(answer.status).toBe(400)
      expect(answer.body).toEqual(answers[0]!.body)
    }
    expect((await confirm('A'.repeat(5000))).status).toBe(400)
    expect((await anonymous().post('/password-reset-confirmations', { token: verification, password: 'an attacker password' })).status).toBe(400)
    expect((await fresh.admin.http.get(`/users/${fresh.admin.id}`)).body.emailVerifiedAt).toBeNull()
    // None of those attempts spent the real links.
    expect((await confirm(verification)).status).toBe(200)
    expect((await anonymous().post('/password-reset-confirmations', { token: reset, password: 'the owner password' })).status).toBe(200)
    expect((await accept(invitation.token)).status).toBe(201)
    seenTokens.push(verification)
  })

  it('an unproven admin of one tenant is refused invitations without any mail leaving', async () => {
    const fresh = await signupTenant(server.url)
    seenTokens.push(linkIn(await inbox.next(fresh.admin.email)).token)
    const target = `spam-${unique()}@example.test`
    expect((await fresh.admin.http.post('/invitations', { email: target, role: 'admin' })).status).toBe(403)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(inbox.messages.some((mail) => mail.to.includes(target))).toBe(false)
  })
})

describe('tokens stay in the mail', () => {
  it('never appear in API answers, events or logs', async () => {
    const socket = await connectSocket(server.url, t.admin.accessToken)
    const events = recordEvents(socket, 'invitations')
    const userEvents = recordEvents(socket, 'users')
    const answers: unknown[] = []
    const email = `watched-${unique()}@example.test`
    answers.push((await t.admin.http.post('/invitations', { email, role: 'member' })).body)
    const { token } = linkIn(await inbox.next(email))
    seenTokens.push(token)
    answers.push((await t.admin.http.get('/invitations')).body)
    answers.push((await accept(token)).body)
    const second = await invite(t)
    answers.push((await t.admin.http.delete(`/invitations/${second.id}`)).body)
    await settle()
    socket.close()

    const everything = JSON.stringify({ answers, events, userEvents }) + logLines.join('\n')
    expect(events.length).toBeGreaterThan(0)
    expect(logLines.length).toBeGreaterThan(0)
    expect(seenTokens.length).toBeGreaterThan(5)
    for (const seen of seenTokens) expect(everything).not.toContain(seen)
    expect(everything).not.toMatch(/token=/)
  })
})
