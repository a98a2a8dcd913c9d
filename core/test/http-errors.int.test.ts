import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient } from './http.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { mountService, startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

describe('HTTP edge', () => {
  it('runs on the database engine this run was asked for', async () => {
    expect(server.engine).toBe(process.env.DATABASE_URL ? 'postgresql' : 'pglite')
    const version = await server.app.get('knex').raw('select version() as v')
    expect(version.rows[0].v).toMatch(/PostgreSQL/)
  })

  it('serves /health', async () => {
    const response = await fetch(`${server.url}/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' })
  })

  it('answers malformed JSON with 400', async () => {
    const response = await tenant.admin.http.post('/flows', '{"name": ')
    expect(response.status).toBe(400)
    expect(response.body.name).toBe('BadRequest')
  })

  it('answers a body over 10 MiB with 413 and accepts one just under', async () => {
    const big = JSON.stringify({ name: 'big', description: 'x'.repeat(10 * 1024 * 1024 + 10) })
    const response = await tenant.admin.http.post('/flows', big)
    expect(response.status).toBe(413)
    const under = await tenant.admin.http.post('/flows', { name: 'ok', description: 'x'.repeat(4000) })
    expect(under.status).toBe(201)
  })

  it('answers bad data with 400 naming the field', async () => {
    const response = await tenant.admin.http.post('/flows', { name: 42, nodes: [{ id: 'a b', type: 'nope' }] })
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(/name must be string/)
    expect(response.body.message).toMatch(/nodes.0.id/)
    expect(response.body.data).toContainEqual({ field: 'name', message: 'must be string' })
  })

  it('serves services only under /api/v1', async () => {
    const response = await fetch(`${server.url}/flows`, { headers: { authorization: `Bearer ${tenant.admin.accessToken}`, accept: 'application/json' } })
    expect(response.status).toBe(404)
    expect((await httpClient(server.url).get('/nothing-here')).status).toBe(404)
  })

  it('answers an unsupported method with 405', async () => {
    expect((await tenant.admin.http.put(`/users/${tenant.admin.id}`, { name: 'x' })).status).toBe(405)
  })

  it('keeps internals out of 5xx answers', async () => {
    mountService(server.app, 'explodes', { async find() { throw new Error('select * from secret_table failed') } })
    server.app.get('permissions').declare('explodes', (_principal, { allow }) => allow('read'))
    const response = await tenant.admin.http.get('/explodes')
    expect(response.status).toBe(500)
    expect(response.body.message).toBe('Internal server error')
    expect(JSON.stringify(response.body)).not.toMatch(/secret_table/)
  })
})
