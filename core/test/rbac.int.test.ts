import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { mountService, startTestServer, type TestServer } from './test-server.js'
import { httpClient } from './http.js'

let server: TestServer
let tenant: TestTenant
let member: TestUser
let viewer: TestUser
let flowId: string

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
  member = await tenant.addUser('member')
  viewer = await tenant.addUser('viewer')
  flowId = (await tenant.admin.http.post('/flows', { name: 'shared' })).body.id
})
afterAll(() => server?.close())

describe('flows', () => {
  it('viewer reads but cannot create, patch, update or remove', async () => {
    expect((await viewer.http.get('/flows')).status).toBe(200)
    expect((await viewer.http.get(`/flows/${flowId}`)).status).toBe(200)
    expect((await viewer.http.post('/flows', { name: 'mine' })).status).toBe(403)
    expect((await viewer.http.patch(`/flows/${flowId}`, { name: 'changed' })).status).toBe(403)
    expect((await viewer.http.put(`/flows/${flowId}`, { name: 'changed' })).status).toBe(403)
    expect((await viewer.http.delete(`/flows/${flowId}`)).status).toBe(403)
    expect((await tenant.admin.http.get(`/flows/${flowId}`)).body.name).toBe('shared')
  })

  it('member builds flows', async () => {
    const created = await member.http.post('/flows', { name: 'by member' })
    expect(created.status).toBe(201)
    expect(created.body.createdBy).toBe(member.id)
    expect((await member.http.patch(`/flows/${created.body.id}`, { name: 'renamed' })).status).toBe(200)
    expect((await member.http.delete(`/flows/${created.body.id}`)).status).toBe(200)
  })
})

describe('users', () => {
  it('member cannot list, create, promote or remove users', async () => {
    const list = await member.http.get('/users')
    expect(list.body.data.map((user: { id: string }) => user.id)).toEqual([member.id])
    expect((await member.http.post('/users', { email: 'x@example.test', name: 'X', password: 'long password' })).status).toBe(403)
    expect((await member.http.patch(`/users/${viewer.id}`, { role: 'admin' })).status).toBe(403)
    expect((await member.http.patch(`/users/${viewer.id}`, { name: 'renamed by member' })).status).toBe(404)
    expect((await member.http.delete(`/users/${viewer.id}`)).status).toBe(403)
  })

  it('everyone reads and edits its own profile', async () => {
    expect((await viewer.http.get(`/users/${viewer.id}`)).status).toBe(200)
    const renamed = await viewer.http.patch(`/users/${viewer.id}`, { name: 'Vera' })
    expect(renamed.status).toBe(200)
    expect(renamed.body.name).toBe('Vera')
  })

  it('nobody raises its own role', async () => {
    for (const user of [member, viewer]) {
      const attempt = await user.http.patch(`/users/${user.id}`, { role: 'admin' })
      expect(attempt.status).toBe(403)
    }
    const adminSelf = await tenant.admin.http.patch(`/users/${tenant.admin.id}`, { role: 'viewer' })
    expect(adminSelf.status).toBe(403)
    const roles = await tenant.admin.http.get('/users?$limit=100')
    const roleOf = (id: string) => roles.body.data.find((user: { id: string }) => user.id === id).role
    expect([roleOf(member.id), roleOf(viewer.id), roleOf(tenant.admin.id)]).toEqual(['member', 'viewer', 'admin'])
  })

  it('nobody changes its own tenant or id', async () => {
    const attempt = await member.http.patch(`/users/${member.id}`, { tenantId: '00000000-0000-4000-8000-000000000000' })
    expect(attempt.status).toBe(400)
    expect(attempt.body.message).toMatch(/tenantId is not allowed/)
    expect((await member.http.patch(`/users/${member.id}`, { id: '00000000-0000-4000-8000-000000000000' })).status).toBe(400)
  })

  it('admin manages users', async () => {
    const created = await tenant.admin.http.post('/users', {
      email: 'temp@example.test',
      name: 'Temp',
      password: 'long password',
      role: 'viewer'
    })
    expect(created.status).toBe(201)
    expect(created.body).not.toHaveProperty('password')
    expect(created.body).not.toHaveProperty('passwordHash')
    expect((await tenant.admin.http.patch(`/users/${created.body.id}`, { role: 'member' })).body.role).toBe('member')
    expect((await tenant.admin.http.delete(`/users/${created.body.id}`)).status).toBe(200)
    expect((await tenant.admin.http.delete(`/users/${tenant.admin.id}`)).status).toBe(403)
  })

  it('demotion takes effect on the next request, with the same token', async () => {
    const promoted = await tenant.addUser('member')
    expect((await promoted.http.post('/flows', { name: 'before' })).status).toBe(201)
    expect((await tenant.admin.http.patch(`/users/${promoted.id}`, { role: 'viewer' })).status).toBe(200)
    expect((await promoted.http.post('/flows', { name: 'after' })).status).toBe(403)
    expect((await promoted.http.get('/flows')).status).toBe(200)
  })

  it('a removed user is locked out at once', async () => {
    const leaving = await tenant.addUser('member')
    expect((await tenant.admin.http.delete(`/users/${leaving.id}`)).status).toBe(200)
    expect((await leaving.http.get('/flows')).status).toBe(401)
  })

  it('a password change ends the other sessions', async () => {
    const user = await tenant.addUser('member')
    const other = await login(server.url, user.email, user.password)
    expect((await user.http.patch(`/users/${user.id}`, { password: 'a brand new password', currentPassword: user.password })).status).toBe(200)
    expect((await user.http.get('/flows')).status).toBe(200)
    expect((await httpClient(server.url, other.accessToken).get('/flows')).status).toBe(401)
  })
})

describe('api keys', () => {
  it('non-admins only see and remove their own', async () => {
    const mine = await member.http.post('/api-keys', { name: 'mine' })
    const admins = await tenant.admin.http.post('/api-keys', { name: 'admins' })
    const listed = await member.http.get('/api-keys')
    expect(listed.body.data.map((key: { id: string }) => key.id)).toEqual([mine.body.id])
    expect((await member.http.delete(`/api-keys/${admins.body.id}`)).status).toBe(404)
    expect((await tenant.admin.http.delete(`/api-keys/${mine.body.id}`)).status).toBe(200)
  })
})

describe('deny by default', () => {
  it('a service without declared permissions is forbidden to every external caller', async () => {
    mountService(server.app, 'undeclared', { async find() { return [] } })
    const response = await tenant.admin.http.get('/undeclared')
    expect(response.status).toBe(403)
  })
})
