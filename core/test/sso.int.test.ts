import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from './http.js'
import { startOidcProvider, ssoBrowser, type TestOidcProvider } from './oidc-test-provider.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

const publicUrl = 'http://troupe.test'
const redirectUri = `${publicUrl}/api/v1/sso/callback`
const client = { clientId: 'troupe-a', clientSecret: 'secret-of-client-a-0123456789', redirectUri }

describe('OIDC single sign-on through a real OpenID Provider', () => {
  let server: TestServer
  let idp: TestOidcProvider
  let tenant: TestTenant

  const settings = (overrides: Record<string, unknown> = {}) => ({
    issuer: idp.issuer,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    displayName: 'Acme ID',
    allowedDomains: ['acme.test'],
    defaultRole: 'viewer',
    groupsClaim: 'groups',
    groupRoles: { builders: 'member' },
    provisioning: 'jit',
    passwordLogin: true,
    ...overrides
  })

  beforeAll(async () => {
    idp = await startOidcProvider([client])
    server = await startTestServer({ TROUPE_PUBLIC_URL: publicUrl, TROUPE_SSO_ALLOWED_HOSTS: idp.endpoint })
    tenant = await signupTenant(server.url, 'Acme')
    idp.accounts.set('ada', { email: 'ada@acme.test', email_verified: true, name: 'Ada', groups: ['builders'] })
    idp.accounts.set('bob', { email: 'bob@acme.test', email_verified: true, name: 'Bob', groups: [] })
  })

  afterAll(async () => {
    await server?.close()
    await idp?.close()
  })

  it('saves the settings after discovery, and never answers the client secret', async () => {
    const saved = await tenant.admin.http.put(`/sso-settings/${tenant.id}`, settings())
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ issuer: idp.issuer, hasClientSecret: true, redirectUri, verifiedAt: null })
    expect(JSON.stringify(saved.body)).not.toContain(client.clientSecret)
    const read = await tenant.admin.http.get(`/sso-settings/${tenant.id}`)
    expect(read.body).not.toHaveProperty('clientSecret')
    expect(JSON.stringify(read.body)).not.toContain(client.clientSecret)
  })

  it('tells the login page which tenant offers SSO, by domain, address, name or id', async () => {
    for (const q of ['acme.test', 'someone@acme.test', 'acme', tenant.id]) {
      const options = await httpClient(server.url).get(`/sso-options?q=${encodeURIComponent(q)}`)
      expect(options.status).toBe(200)
      expect(options.body).toEqual([
        { tenantId: tenant.id, tenantName: 'Acme', displayName: 'Acme ID', passwordLogin: true, startUrl: `/api/v1/sso/start?tenant=${tenant.id}` }
      ])
    }
    expect((await httpClient(server.url).get('/sso-options?q=nobody.test')).body).toEqual([])
  })

  it('signs a new user in just in time, into that tenant, with the role its groups map to', async () => {
    idp.signInAs('ada')
    const browser = ssoBrowser(server.url, publicUrl)
    const { location, refreshToken } = await browser.signIn(`/api/v1/sso/start?tenant=${tenant.id}`)
    expect(location).toBe('/')
    expect(refreshToken).toBeTruthy()
    // The workspace signs in with the cookie, as on a reload.
    const session = await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken })
    expect(session.status).toBe(201)
    expect(session.body.user).toMatchObject({ email: 'ada@acme.test', role: 'member', tenantId: tenant.id, name: 'Ada' })
    // The identity provider vouched for the address.
    expect(session.body.user.emailVerifiedAt).toEqual(expect.any(String))

    const users = await tenant.admin.http.get('/users')
    expect(users.body.data.map((user: { email: string }) => user.email)).toContain('ada@acme.test')
    const audit = await tenant.admin.http.get('/audit-logs?action=sso.provisioned')
    expect(audit.body.data.length).toBeGreaterThan(0)
  })

  it('signs an existing user of the tenant in again without creating another, its address proven by the provider', async () => {
    // As if the address were unproven (an account an admin typed while mail was configured).
    await server.app.get('knex')('users').withSchema('public').where({ email: 'ada@acme.test' }).update({ emailVerifiedAt: null })
    idp.signInAs('ada')
    const { location, refreshToken } = await ssoBrowser(server.url, publicUrl).signIn(`/api/v1/sso/start?tenant=${tenant.id}`)
    expect(location).toBe('/')
    const session = await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken })
    expect(session.body.user.email).toBe('ada@acme.test')
    expect(session.body.user.emailVerifiedAt).toEqual(expect.any(String))
    const users = await tenant.admin.http.get('/users?email=ada@acme.test')
    expect(users.body.total).toBe(1)
  })

  it('with existing-only provisioning, refuses an address Troupe does not know', async () => {
    expect((await tenant.admin.http.put(`/sso-settings/${tenant.id}`, settings({ provisioning: 'existing-only', clientSecret: undefined }))).status).toBe(200)
    idp.signInAs('bob')
    const { location, refreshToken } = await ssoBrowser(server.url, publicUrl).signIn(`/api/v1/sso/start?tenant=${tenant.id}`)
    expect(location).toBe('/login?sso_error=sso_no_account')
    expect(refreshToken).toBeUndefined()
    expect((await tenant.admin.http.get('/users?email=bob@acme.test')).body.total).toBe(0)
  })

  it('switches password login off only after an admin came in through SSO, and then refuses passwords', async () => {
    const refused = await tenant.admin.http.put(`/sso-settings/${tenant.id}`, settings({ passwordLogin: false, clientSecret: undefined }))
    expect(refused.status).toBe(400)
    expect(refused.body.data[0].field).toBe('passwordLogin')

    // Make Ada an admin and let her sign in through SSO: the configuration is proven.
    const ada = (await tenant.admin.http.get('/users?email=ada@acme.test')).body.data[0]
    expect((await tenant.admin.http.patch(`/users/${ada.id}`, { role: 'admin' })).status).toBe(200)
    idp.signInAs('ada')
    expect((await ssoBrowser(server.url, publicUrl).signIn(`/api/v1/sso/start?tenant=${tenant.id}`)).location).toBe('/')

    const off = await tenant.admin.http.put(`/sso-settings/${tenant.id}`, settings({ passwordLogin: false, clientSecret: undefined }))
    expect(off.status).toBe(200)
    expect(off.body.verifiedAt).toBeTruthy()
    const password = await httpClient(server.url).post('/authentication', { strategy: 'local', email: tenant.admin.email, password: tenant.admin.password })
    expect(password.status).toBe(401)
    expect((await httpClient(server.url).get(`/sso-options?q=${tenant.id}`)).body[0].passwordLogin).toBe(false)

    // A new secret is a new configuration: it must turn password login back on.
    const moved = await tenant.admin.http.put(`/sso-settings/${tenant.id}`, settings({ passwordLogin: false }))
    expect(moved.status).toBe(400)
    expect(moved.body.data[0].field).toBe('passwordLogin')
    expect((await tenant.admin.http.put(`/sso-settings/${tenant.id}`, settings({ passwordLogin: true }))).status).toBe(200)
    const again = await httpClient(server.url).post('/authentication', { strategy: 'local', email: tenant.admin.email, password: tenant.admin.password })
    expect(again.status).toBe(201)
  })
})
