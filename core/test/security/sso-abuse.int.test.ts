import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from '../http.js'
import { startOidcProvider, ssoBrowser, type TestOidcProvider } from '../oidc-test-provider.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

/**
 * Hostile inputs to OIDC single sign-on, against a real OpenID Provider: tokens the provider would
 * sign but Troupe must refuse (another audience, expired), replayed, tampered and crossed state,
 * identities that are not Troupe's to let in, issuers pointing inside the network, and who may
 * read or change the settings. The client secret appears in no answer, audit entry or log line.
 */
const publicUrl = 'http://troupe.test'
const redirectUri = `${publicUrl}/api/v1/sso/callback`
const clientA = { clientId: 'troupe-a', clientSecret: 'LEAK-sso-secret-a-9f86d081884c', redirectUri }
const clientB = { clientId: 'troupe-b', clientSecret: 'LEAK-sso-secret-b-2c26b46b68ff', redirectUri }

let server: TestServer
let idp: TestOidcProvider
let tenantA: TestTenant
let tenantB: TestTenant
const logLines: string[] = []

const settings = (client: typeof clientA, domain: string, overrides: Record<string, unknown> = {}) => ({
  issuer: idp.issuer,
  clientId: client.clientId,
  clientSecret: client.clientSecret,
  displayName: 'Corp ID',
  allowedDomains: [domain],
  defaultRole: 'member',
  provisioning: 'jit',
  passwordLogin: true,
  ...overrides
})

const startA = () => `/api/v1/sso/start?tenant=${tenantA.id}`
const startB = () => `/api/v1/sso/start?tenant=${tenantB.id}`

async function signInExpectingRefusal(start: string, code: string) {
  const { location, refreshToken } = await ssoBrowser(server.url, publicUrl).signIn(start)
  expect(location).toBe(`/login?sso_error=${code}`)
  expect(refreshToken).toBeUndefined()
}

beforeAll(async () => {
  idp = await startOidcProvider([clientA, clientB])
  server = await startTestServer({ TROUPE_PUBLIC_URL: publicUrl, TROUPE_SSO_ALLOWED_HOSTS: idp.endpoint }, { logLines })
  tenantA = await signupTenant(server.url)
  tenantB = await signupTenant(server.url)
  expect((await tenantA.admin.http.put(`/sso-settings/${tenantA.id}`, settings(clientA, 'a-corp.test'))).status).toBe(200)
  expect((await tenantB.admin.http.put(`/sso-settings/${tenantB.id}`, settings(clientB, 'b-corp.test'))).status).toBe(200)
  idp.accounts.set('alice', { email: 'alice@a-corp.test', email_verified: true })
  idp.accounts.set('unverified', { email: 'eve@a-corp.test', email_verified: false })
  idp.accounts.set('outsider', { email: 'mallory@elsewhere.test', email_verified: true })
  idp.accounts.set('b-user', { email: 'bea@b-corp.test', email_verified: true })
})

afterAll(async () => {
  idp?.tamperIdTokens(undefined)
  await server?.close()
  await idp?.close()
})

describe('ID tokens Troupe must refuse', () => {
  it('refuses a token issued for another client (wrong audience)', async () => {
    idp.signInAs('alice')
    idp.tamperIdTokens((claims) => ({ ...claims, aud: clientB.clientId, azp: clientB.clientId }))
    try {
      await signInExpectingRefusal(startA(), 'sso_token')
    } finally {
      idp.tamperIdTokens(undefined)
    }
  })

  it('refuses an expired token', async () => {
    idp.signInAs('alice')
    const now = Math.floor(Date.now() / 1000)
    idp.tamperIdTokens((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }))
    try {
      await signInExpectingRefusal(startA(), 'sso_token')
    } finally {
      idp.tamperIdTokens(undefined)
    }
  })

  it('refuses a token whose nonce is not the one sent', async () => {
    idp.signInAs('alice')
    idp.tamperIdTokens((claims) => ({ ...claims, nonce: 'replayed-from-another-login' }))
    try {
      await signInExpectingRefusal(startA(), 'sso_token')
    } finally {
      idp.tamperIdTokens(undefined)
    }
  })

  it('refuses an unverified email', async () => {
    idp.signInAs('unverified')
    await signInExpectingRefusal(startA(), 'sso_email_unverified')
  })

  it('refuses a domain the tenant does not allow', async () => {
    idp.signInAs('outsider')
    await signInExpectingRefusal(startA(), 'sso_domain')
  })
})

describe('state, code and tenant crossing', () => {
  it('accepts a callback once: a replayed state and code are refused', async () => {
    idp.signInAs('alice')
    const browser = ssoBrowser(server.url, publicUrl)
    const callback = await browser.toCallback(startA())
    expect((await browser.callback(callback)).location).toBe('/')
    // The same browser (its SSO cookie set again by a new start) replays the old callback.
    await browser.toCallback(startA())
    expect((await browser.callback(callback)).location).toBe('/login?sso_error=sso_state')
  })

  it('refuses a tampered state and a callback from another browser', async () => {
    idp.signInAs('alice')
    const browser = ssoBrowser(server.url, publicUrl)
    const callback = await browser.toCallback(startA())
    const tampered = new URL(callback)
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`)
    expect((await browser.callback(tampered)).location).toBe('/login?sso_error=sso_state')

    // An attacker's callback link opened in a victim's browser (login CSRF): no matching cookie.
    const attacker = ssoBrowser(server.url, publicUrl)
    const planted = await attacker.toCallback(startA())
    const victim = ssoBrowser(server.url, publicUrl)
    expect((await victim.callback(planted)).location).toBe('/login?sso_error=sso_state')
  })

  it("refuses tenant B's state with tenant A's code", async () => {
    idp.signInAs('alice')
    const browser = ssoBrowser(server.url, publicUrl)
    const callbackA = await browser.toCallback(startA())
    const callbackB = await browser.toCallback(startB())
    const crossed = new URL(callbackB)
    crossed.searchParams.set('code', callbackA.searchParams.get('code')!)
    expect((await browser.callback(crossed)).location).toBe('/login?sso_error=sso_token')
  })

  it("refuses a user of tenant A signing in through tenant B's SSO", async () => {
    // Tenant B lists A's domain too: its SSO still cannot let A's users into B.
    expect((await tenantB.admin.http.put(`/sso-settings/${tenantB.id}`, settings(clientB, 'a-corp.test', { clientSecret: undefined }))).status).toBe(200)
    idp.signInAs('alice')
    await signInExpectingRefusal(startB(), 'sso_no_account')
    const alice = await tenantA.admin.http.get('/users?email=alice@a-corp.test')
    expect(alice.body.total).toBe(1)
    expect((await tenantB.admin.http.get('/users?email=alice@a-corp.test')).body.total).toBe(0)
    // Both tenants claim the domain: the login page lists both, start by domain is ambiguous.
    expect((await httpClient(server.url).get('/sso-options?q=a-corp.test')).body).toHaveLength(2)
    const ambiguous = await fetch(`${server.url}/api/v1/sso/start?tenant=a-corp.test`, { redirect: 'manual' })
    expect(ambiguous.headers.get('location')).toBe('/login?sso_error=sso_ambiguous')
  })

  it('answers unknown tenants and missing state with a login-page redirect, not an error page', async () => {
    for (const path of ['/api/v1/sso/start?tenant=00000000-0000-4000-8000-000000000000', '/api/v1/sso/start', '/api/v1/sso/callback', '/api/v1/sso/callback?state=nope&code=x']) {
      const response = await fetch(`${server.url}${path}`, { redirect: 'manual' })
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toMatch(/^\/login\?sso_error=sso_(unavailable|state)$/)
    }
  })
})

describe('settings', () => {
  it('refuses issuers on forbidden addresses at save, naming issuer', async () => {
    for (const issuer of ['http://169.254.169.254/latest', 'https://169.254.169.254/', 'https://10.0.0.1/', 'https://127.0.0.1:1/', 'http://127.0.0.1:9/', 'https://[::1]/']) {
      const saved = await tenantA.admin.http.put(`/sso-settings/${tenantA.id}`, settings(clientA, 'a-corp.test', { issuer }))
      expect(saved.status, issuer).toBe(400)
      expect(saved.body.data[0].field, issuer).toBe('issuer')
    }
    // The stored configuration is untouched.
    expect((await tenantA.admin.http.get(`/sso-settings/${tenantA.id}`)).body.issuer).toBe(idp.issuer)
  })

  it('lets members and viewers neither read nor change SSO settings, and no tenant reach another', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const user = await tenantA.addUser(role)
      expect((await user.http.get(`/sso-settings/${tenantA.id}`)).status).toBe(403)
      expect((await user.http.put(`/sso-settings/${tenantA.id}`, settings(clientA, 'a-corp.test'))).status).toBe(403)
      expect((await user.http.delete(`/sso-settings/${tenantA.id}`)).status).toBe(403)
    }
    expect((await tenantB.admin.http.get(`/sso-settings/${tenantA.id}`)).status).toBe(404)
    expect((await tenantB.admin.http.put(`/sso-settings/${tenantA.id}`, settings(clientB, 'b-corp.test'))).status).toBe(404)
    expect((await httpClient(server.url).get(`/sso-settings/${tenantA.id}`)).status).toBe(401)
  })

  it('never shows the client secret: answers, audit log, logs, database', async () => {
    const answers = [
      await tenantA.admin.http.get(`/sso-settings/${tenantA.id}`),
      await tenantA.admin.http.put(`/sso-settings/${tenantA.id}`, settings(clientA, 'a-corp.test')),
      await httpClient(server.url).get('/sso-options?q=a-corp.test'),
      await tenantA.admin.http.get('/audit-logs?limit=100')
    ]
    const stored = await server.app.get('knex')('tenantSso').withSchema('public').select('*')
    for (const seen of [...answers.map((answer) => answer.body), logLines, stored]) {
      const text = JSON.stringify(seen)
      expect(text).not.toContain(clientA.clientSecret)
      expect(text).not.toContain(clientB.clientSecret)
    }
  })
})
