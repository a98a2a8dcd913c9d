import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from './http.js'
import { login, signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

const signingSecret = () => (server.app.get('authentication') as { secret: string }).secret
const anonymous = () => httpClient(server.url)

describe('signup', () => {
  it('creates the tenant, its admin and a session', async () => {
    const me = await tenant.admin.http.get(`/users/${tenant.admin.id}`)
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ role: 'admin', tenantId: tenant.id })
    expect(me.body).not.toHaveProperty('passwordHash')
  })

  it('refuses a taken email with a 400 naming the field, without saying it is taken', async () => {
    const response = await anonymous().post('/signup', {
      tenant: { name: 'Again' },
      name: 'Twin',
      email: tenant.admin.email.toUpperCase(),
      password: 'another password'
    })
    expect(response.status).toBe(400)
    expect(response.body.data).toEqual([{ field: 'email', message: 'cannot be used' }])
    expect(response.body.message).not.toMatch(/exists/)
  })

  it('refuses bad input with 400 naming each field, and creates nothing', async () => {
    const response = await anonymous().post('/signup', { tenant: {}, name: '', email: 'nope', password: 'short' })
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(/tenant.name is required/)
    expect(response.body.message).toMatch(/email must match format/)
    expect(response.body.message).toMatch(/password must NOT have fewer than 8 characters/)
    const count = await server.app.get('knex')('tenants').count({ n: '*' })
    expect(Number(count[0].n)).toBe(1)
  })
})

describe('local login', () => {
  it('answers 201 with an access and a refresh token', async () => {
    const session = await login(server.url, tenant.admin.email, tenant.admin.password)
    expect(session.accessToken).toBeTruthy()
    expect(session.refreshToken).toBeTruthy()
    expect(session.user).not.toHaveProperty('passwordHash')
  })

  it('answers 401 to a wrong password and to an unknown user, alike', async () => {
    const wrong = await anonymous().post('/authentication', { strategy: 'local', email: tenant.admin.email, password: 'wrong password' })
    const unknown = await anonymous().post('/authentication', { strategy: 'local', email: 'ghost@example.test', password: 'whatever1' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body.message).toBe(unknown.body.message)
  })
})

describe('access tokens', () => {
  const flows = (token: string) => httpClient(server.url, token).get('/flows')

  it('needs one', async () => {
    expect((await anonymous().get('/flows')).status).toBe(401)
  })

  it('refuses alg=none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
    const payload = Buffer.from(
      JSON.stringify({ sub: tenant.admin.id, typ: 'access', aud: 'troupe', iss: 'troupe', exp: Math.floor(Date.now() / 1000) + 600 })
    ).toString('base64url')
    expect((await flows(`${header}.${payload}.`)).status).toBe(401)
  })

  it('refuses a token signed with another key', async () => {
    const forged = jwt.sign({ typ: 'access' }, 'not the server secret', {
      subject: tenant.admin.id,
      audience: 'troupe',
      issuer: 'troupe',
      expiresIn: 600
    })
    expect((await flows(forged)).status).toBe(401)
  })

  it('refuses an expired token', async () => {
    const expired = jwt.sign(
      { typ: 'access', exp: Math.floor(Date.now() / 1000) - 5 },
      signingSecret(),
      { subject: tenant.admin.id, audience: 'troupe', issuer: 'troupe' }
    )
    expect((await flows(expired)).status).toBe(401)
  })

  it('accepts a well-signed one, proving the cases above fail for the right reason', async () => {
    const valid = jwt.sign({ typ: 'access' }, signingSecret(), {
      subject: tenant.admin.id,
      audience: 'troupe',
      issuer: 'troupe',
      expiresIn: 600
    })
    expect((await flows(valid)).status).toBe(200)
  })

  it('refuses a refresh token used as a bearer token', async () => {
    const session = await login(server.url, tenant.admin.email, tenant.admin.password)
    expect((await flows(session.refreshToken)).status).toBe(401)
  })
})

describe('refresh tokens', () => {
  const refresh = (refreshToken: string) => anonymous().post('/authentication', { strategy: 'refresh', refreshToken })

  it('rotate on every use', async () => {
    const session = await login(server.url, tenant.admin.email, tenant.admin.password)
    const first = await refresh(session.refreshToken)
    expect(first.status).toBe(201)
    expect(first.body.refreshToken).not.toBe(session.refreshToken)
    expect((await flows(first.body.accessToken)).status).toBe(200)
    const second = await refresh(first.body.refreshToken)
    expect(second.status).toBe(201)
  })

  it('revoke the whole family when one is reused', async () => {
    const session = await login(server.url, tenant.admin.email, tenant.admin.password)
    const rotated = await refresh(session.refreshToken)
    expect(rotated.status).toBe(201)
    // The first token is presented again: someone else has it.
    expect((await refresh(session.refreshToken)).status).toBe(401)
    // Its successor and the access tokens of that session die with it.
    expect((await refresh(rotated.body.refreshToken)).status).toBe(401)
    expect((await flows(rotated.body.accessToken)).status).toBe(401)
    expect((await flows(session.accessToken)).status).toBe(401)
  })

  it('refuse garbage', async () => {
    expect((await refresh('not-a-token')).status).toBe(401)
  })

  function flows(token: string) {
    return httpClient(server.url, token).get('/flows')
  }
})

describe('logout', () => {
  it('revokes the session: its access and refresh tokens stop working', async () => {
    const session = await login(server.url, tenant.admin.email, tenant.admin.password)
    const http = httpClient(server.url, session.accessToken)
    expect((await http.delete('/authentication')).status).toBe(200)
    expect((await http.get('/flows')).status).toBe(401)
    const refreshed = await anonymous().post('/authentication', { strategy: 'refresh', refreshToken: session.refreshToken })
    expect(refreshed.status).toBe(401)
  })
})

describe('API keys', () => {
  it('shows the key once and then only its prefix', async () => {
    const created = await tenant.admin.http.post('/api-keys', { name: 'ci' })
    expect(created.status).toBe(201)
    expect(created.body.key).toMatch(/^trp_/)
    const listed = await tenant.admin.http.get(`/api-keys/${created.body.id}`)
    expect(listed.body).not.toHaveProperty('key')
    expect(listed.body).not.toHaveProperty('keyHash')
    expect(created.body.key.startsWith(listed.body.prefix)).toBe(true)
    const stored = await server.app.get('knex')('api_keys').where({ id: created.body.id }).first()
    expect(stored.keyHash).not.toContain(created.body.key)
    expect(JSON.stringify(stored)).not.toContain(created.body.key)
  })

  it('works as a bearer token until it is removed', async () => {
    const created = await tenant.admin.http.post('/api-keys', { name: 'script' })
    const withKey = httpClient(server.url, created.body.key)
    expect((await withKey.get('/flows')).status).toBe(200)
    expect((await tenant.admin.http.delete(`/api-keys/${created.body.id}`)).status).toBe(200)
    expect((await withKey.get('/flows')).status).toBe(401)
  })

  it('can be narrowed to a lower role but never raised above its owner', async () => {
    const viewerKey = await tenant.admin.http.post('/api-keys', { name: 'read-only', role: 'viewer' })
    const withKey = httpClient(server.url, viewerKey.body.key)
    expect((await withKey.get('/flows')).status).toBe(200)
    expect((await withKey.post('/flows', { name: 'nope' })).status).toBe(403)

    const member = await tenant.addUser('member')
    const raised = await member.http.post('/api-keys', { name: 'sneaky', role: 'admin' })
    expect(raised.status).toBe(403)
  })

  it('cannot mint more keys', async () => {
    const created = await tenant.admin.http.post('/api-keys', { name: 'parent' })
    const child = await httpClient(server.url, created.body.key).post('/api-keys', { name: 'child' })
    expect(child.status).toBe(403)
  })

  it('refuses an unknown key', async () => {
    expect((await httpClient(server.url, 'trp_unknown').get('/flows')).status).toBe(401)
  })
})
