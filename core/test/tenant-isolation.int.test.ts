import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { connectSocket } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let a: TestTenant
let b: TestTenant
let flowOfA: string
let memberOfA: string
let socketOfB: TroupeClient

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  flowOfA = (await a.admin.http.post('/flows', { name: 'secret flow of A' })).body.id
  memberOfA = (await a.addUser('member')).id
  socketOfB = await connectSocket(server.url, b.admin.accessToken)
})
afterAll(async () => {
  socketOfB?.close()
  await server?.close()
})

const idsOf = (page: { data: Array<{ id: string }> }) => page.data.map((row) => row.id)

describe('tenant B cannot reach tenant A over REST', () => {
  it.each([
    ['flows', () => flowOfA],
    ['users', () => memberOfA],
    ['users', () => a.admin.id]
  ])('%s: get, patch, update, remove answer 404', async (path, id) => {
    const http = b.admin.http
    expect((await http.get(`/${path}/${id()}`)).status).toBe(404)
    expect((await http.patch(`/${path}/${id()}`, { name: 'taken over' })).status).toBe(404)
    const put = await http.put(`/${path}/${id()}`, { name: 'taken over' })
    expect([404, 405]).toContain(put.status)
    expect((await http.delete(`/${path}/${id()}`)).status).toBe(404)
  })

  it('leaves A untouched', async () => {
    const flow = await a.admin.http.get(`/flows/${flowOfA}`)
    expect(flow.body.name).toBe('secret flow of A')
    expect((await a.admin.http.get(`/users/${memberOfA}`)).status).toBe(200)
  })

  it('never lists A rows in find, even when asking for their ids', async () => {
    const flows = await b.admin.http.get(`/flows?id=${flowOfA}`)
    expect(flows.status).toBe(200)
    expect(flows.body.total).toBe(0)
    const users = await b.admin.http.get('/users?$limit=100')
    expect(idsOf(users.body)).toEqual([b.admin.id])
    const widened = await b.admin.http.get(`/users?$or[0][id]=${a.admin.id}&$or[1][id]=${b.admin.id}`)
    expect(idsOf(widened.body)).toEqual([b.admin.id])
  })

  it('refuses a tenant taken from the body or the query', async () => {
    const create = await b.admin.http.post('/users', {
      email: 'spy@example.test',
      name: 'Spy',
      password: 'long password',
      tenantId: a.id
    })
    expect(create.status).toBe(400)
    expect(create.body.message).toMatch(/tenantId is not allowed/)
    expect((await b.admin.http.get(`/users?tenantId=${a.id}`)).status).toBe(400)
  })
})

describe('tenant B cannot reach tenant A over Socket.IO', () => {
  it.each(['get', 'patch', 'remove'] as const)('flows.%s answers NotFound', async (method) => {
    const service = socketOfB.service('flows')
    const call =
      method === 'get' ? service.get(flowOfA) : method === 'patch' ? service.patch(flowOfA, { name: 'x' }) : service.remove(flowOfA)
    await expect(call).rejects.toMatchObject({ name: 'NotFound', code: 404 })
  })

  it('users.get answers NotFound', async () => {
    await expect(socketOfB.service('users').get(a.admin.id)).rejects.toMatchObject({ code: 404 })
  })

  it('find never lists A rows', async () => {
    const page = await socketOfB.service('flows').find({ query: { $limit: 100 } })
    expect(idsOf(page)).not.toContain(flowOfA)
  })
})

describe('under concurrency', () => {
  it('100 interleaved requests of A and B never cross', async () => {
    const [flowA, flowB] = await Promise.all([
      a.admin.http.post('/flows', { name: 'only-A' }),
      b.admin.http.post('/flows', { name: 'only-B' })
    ])
    const calls = Array.from({ length: 100 }, (_, i) => {
      const mine = i % 2 === 0 ? { tenant: a, flow: flowA.body.id, other: flowB.body.id, name: 'only-A' } : { tenant: b, flow: flowB.body.id, other: flowA.body.id, name: 'only-B' }
      switch (i % 4) {
        case 0:
        case 1:
          return mine.tenant.admin.http.get('/flows?$limit=100').then((r) => {
            expect(r.status).toBe(200)
            expect(idsOf(r.body)).not.toContain(mine.other)
            expect(idsOf(r.body)).toContain(mine.flow)
          })
        case 2:
          return mine.tenant.admin.http.get(`/flows/${mine.flow}`).then((r) => expect(r.body.name).toBe(mine.name))
        default:
          return mine.tenant.admin.http.get(`/flows/${mine.other}`).then((r) => expect(r.status).toBe(404))
      }
    })
    await Promise.all(calls)
  })
})
