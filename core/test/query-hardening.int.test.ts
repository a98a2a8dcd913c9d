import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
  await Promise.all(Array.from({ length: 30 }, (_, i) => tenant.admin.http.post('/flows', { name: `flow ${String(i).padStart(2, '0')}` })))
})
afterAll(() => server?.close())

describe('query hardening', () => {
  it.each([
    ['$regex', '/flows?name[$regex]=.*'],
    ['$where', '/flows?$where=1=1'],
    ['an unknown operator', '/flows?name[$like]=x'],
    ['an unknown field', '/flows?password=x'],
    ['a hidden field in $select', '/users?$select[]=passwordHash'],
    ['a hidden field in $sort', '/users?$sort[passwordHash]=1'],
    ['a hidden field inside $or', '/users?$or[0][passwordHash]=x'],
    ['tenantId inside $and', '/flows?$and[0][tenantId]=x'],
    ['a negative $limit', '/flows?$limit=-1'],
    ['a non-numeric $skip', '/flows?$skip=abc']
  ])('refuses %s with 400', async (_case, path) => {
    const response = await tenant.admin.http.get(path)
    expect(response.status).toBe(400)
    expect(response.body.name).toBe('BadRequest')
  })

  it('caps $limit at 100 and defaults to 25', async () => {
    expect((await tenant.admin.http.get('/flows')).body).toMatchObject({ limit: 25, total: 30 })
    const capped = await tenant.admin.http.get('/flows?$limit=1000')
    expect(capped.body.limit).toBe(100)
    expect(capped.body.data.length).toBe(30)
  })

  it('answers supported operators', async () => {
    const page = await tenant.admin.http.get('/flows?$sort[name]=-1&$limit=2&$select[]=name')
    expect(page.status).toBe(200)
    expect(page.body.data.map((flow: { name: string }) => flow.name)).toEqual(['flow 29', 'flow 28'])
    expect(Object.keys(page.body.data[0]).sort()).toEqual(['id', 'name'])
    const ors = await tenant.admin.http.get('/flows?$or[0][name]=flow 01&$or[1][name]=flow 02')
    expect(ors.body.total).toBe(2)
  })

  it('never returns a password hash, whatever is selected', async () => {
    const page = await tenant.admin.http.get('/users?$select[]=email')
    expect(page.status).toBe(200)
    expect(JSON.stringify(page.body)).not.toMatch(/passwordHash|\$2[aby]\$/)
  })

  it('answers 404 for ids that are not UUIDs instead of a database error', async () => {
    expect((await tenant.admin.http.get("/flows/1' or '1'='1")).status).toBe(404)
  })
})
