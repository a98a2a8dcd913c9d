import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tenantMigrations } from '../../migrations/index.js'
import { tenantSchemaName } from '../../src/db/tenant-schema.js'
import { httpClient } from '../http.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

// A plugin's execution entry (`POST /executions {crewId, input}`, the crew plugin's) against
// hostile callers: another tenant, a viewer, no one, malformed and mixed bodies, filters.

let server: TestServer
let a: TestTenant
let b: TestTenant
let viewer: TestUser
let crewOfA: string
let crewOfB: string

const crew = async (tenant: TestTenant) => {
  const agent = await tenant.admin.http.post('/agents', { name: 'Writer', role: 'writer', goal: 'write', backstory: 'writes' })
  const created = await tenant.admin.http.post('/crews', { name: 'Crew', process: 'sequential', agentIds: [agent.body.id], tasks: [{ id: 'write', description: 'Write {topic}', expectedOutput: 'a line', agentId: agent.body.id }] })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  return created.body.id as string
}

const executionCount = async (tenant: TestTenant) => Number((await server.app.get('knex')('executions').withSchema(tenantSchemaName(tenant.id)).count({ n: '*' }))[0].n)

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  viewer = await a.addUser('viewer')
  ;[crewOfA, crewOfB] = await Promise.all([crew(a), crew(b)])
})
afterAll(async () => {
  await server?.close()
})

describe("a plugin's execution entry", () => {
  it("runs the tenant's own record, keeps it under the entry's field, and filters on it", async () => {
    const started = await a.admin.http.post('/executions', { crewId: crewOfA, input: { topic: 'tea' } })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    expect(started.body).toMatchObject({ crewId: crewOfA, flowId: null, trigger: 'manual' })
    expect(started.body).not.toHaveProperty('entryField')
    expect(started.body).not.toHaveProperty('entryId')
    expect(started.body).not.toHaveProperty('graph')
    const flow = await a.admin.http.post('/flows', { name: 'plain', nodes: [{ id: 'start', type: 'trigger.manual' }], edges: [] })
    const flowRun = await a.admin.http.post('/executions', { flowId: flow.body.id })
    expect(flowRun.body).toMatchObject({ crewId: null, flowId: flow.body.id })

    const byCrew = await a.admin.http.get(`/executions?crewId=${crewOfA}`)
    expect(byCrew.body.data.map((run: { id: string }) => run.id)).toEqual([started.body.id])
    expect(byCrew.body.data[0].crewId).toBe(crewOfA)
    expect((await a.admin.http.get(`/executions?crewId[$in]=${crewOfA}`)).body.data).toHaveLength(1)
    const fetched = await viewer.http.get(`/executions/${started.body.id}`)
    expect(fetched.body).toMatchObject({ crewId: crewOfA })
    // Another tenant's crew as a filter finds nothing of A's and nothing of B's.
    expect((await a.admin.http.get(`/executions?crewId=${crewOfB}`)).body.data).toEqual([])
  })

  it("refuses another tenant's record, none, and a malformed id, naming the field, storing nothing", async () => {
    const before = await executionCount(a)
    for (const [body, field] of [
      [{ crewId: crewOfB, input: {} }, 'crewId'],
      [{ crewId: '00000000-0000-4000-8000-000000000000' }, 'crewId'],
      [{ crewId: 'not-a-uuid' }, 'crewId'],
      [{ crewId: 'x'.repeat(100_000) }, 'crewId']
    ] as const) {
      const response = await a.admin.http.post('/executions', body)
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(400)
      expect(JSON.stringify(response.body.data ?? response.body.errors ?? response.body.message)).toContain(field)
    }
    expect(await executionCount(a)).toBe(before)
  })

  it('refuses mixed, unknown and internal fields in the body and the query', async () => {
    const before = await executionCount(a)
    const flow = await a.admin.http.post('/flows', { name: 'mixed', nodes: [{ id: 'start', type: 'trigger.manual' }], edges: [] })
    for (const body of [
      { flowId: flow.body.id, crewId: crewOfA },
      { agentId: crewOfA },
      { entryField: 'crewId', entryId: crewOfA },
      { crewId: crewOfA, graph: { nodes: [], edges: [] } },
      {}
    ]) {
      expect((await a.admin.http.post('/executions', body)).status, JSON.stringify(body)).toBe(400)
    }
    expect(await executionCount(a)).toBe(before)
    for (const query of ['entryField=crewId', `entryId=${crewOfA}`, `crewId[$ne]=${crewOfA}`, `crewId[$gt]=${crewOfA}`, 'crewId=nope']) {
      expect((await a.admin.http.get(`/executions?${query}`)).status, query).toBe(400)
    }
  })

  it('is closed to viewers and anonymous callers', async () => {
    const before = await executionCount(a)
    expect((await viewer.http.post('/executions', { crewId: crewOfA })).status).toBe(403)
    expect((await httpClient(server.url).post('/executions', { crewId: crewOfA })).status).toBe(401)
    expect((await httpClient(server.url).get(`/executions?crewId=${crewOfA}`)).status).toBe(401)
    expect(await executionCount(a)).toBe(before)
  })
})

describe('tenant migration 0018', () => {
  it("moves runs of a crew stored before it to the crewId entry, and back down", async () => {
    const knex = server.app.get('knex')
    const schema = tenantSchemaName(a.id)
    const migration = tenantMigrations.find((one) => one.name === '0018-execution-entries')!
    await migration.down!(knex, schema)
    const old = await knex('executions').withSchema(schema).insert({ id: crypto.randomUUID(), status: 'succeeded', trigger: 'manual', crewId: crewOfA, graph: JSON.stringify({ nodes: [], edges: [] }) }).returning('id')
    await migration.up(knex, schema)
    const moved = await knex('executions').withSchema(schema).where({ id: old[0].id }).first()
    expect(moved).toMatchObject({ entryField: 'crewId', entryId: crewOfA })
    expect((await a.admin.http.get(`/executions/${old[0].id}`)).body).toMatchObject({ crewId: crewOfA })
  })
})
