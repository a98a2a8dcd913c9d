import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tenantSchemaName } from '../../src/db/tenant-schema.js'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * Retention of the execution history: the server keeps at most 3 finished executions per tenant
 * here. Tenant A keeps fewer (its admin's choice), B the server's; pruning one tenant never
 * touches another's, takes node states and events along, and leaves running executions alone.
 * Nobody but a tenant's admin sets its retention, and never past the server's.
 */

let server: TestServer
let a: TestTenant
let b: TestTenant

const echo = flowBody('echo', [node('start', 'trigger.manual'), node('out', 'flow.output')], [['start', 'out']])

async function runs(tenant: TestTenant, count: number): Promise<string[]> {
  const flowId = (await created(tenant.admin, '/flows', echo)).id
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const run = await created(tenant.admin, '/executions', { flowId, input: { index } })
    expect((await waitForExecution(tenant.admin.http.get, run.id)).status).toBe('succeeded')
    ids.push(run.id)
  }
  return ids
}

beforeAll(async () => {
  server = await startTestServer({ TROUPE_HISTORY_MAX_COUNT: '3', TROUPE_HISTORY_PRUNE_INTERVAL_MS: '3600000' })
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
})
afterAll(async () => {
  await server?.close()
})

describe('execution history retention', () => {
  it("is set by a tenant's admin only, never past the server's, with a 400 naming the field", async () => {
    const member = await a.addUser('member')
    const viewer = await a.addUser('viewer')
    expect((await member.http.patch(`/tenants/${a.id}`, { historyMaxCount: 1 })).status).toBe(403)
    expect((await viewer.http.patch(`/tenants/${a.id}`, { historyMaxCount: 1 })).status).toBe(403)
    expect((await b.admin.http.patch(`/tenants/${a.id}`, { historyMaxCount: 1 })).status).toBe(404)
    const raised = await a.admin.http.patch(`/tenants/${a.id}`, { historyMaxCount: 4, historyMaxAgeDays: 10 })
    expect(raised.status).toBe(400)
    expect(raised.body.data).toEqual([{ field: 'historyMaxCount', message: "must be at most 3 (the server's TROUPE_HISTORY_MAX_COUNT)" }])
    for (const bad of [{ historyMaxCount: 0 }, { historyMaxCount: -1 }, { historyMaxAgeDays: 'forever' }, { historyFailedMaxAgeDays: 1e12 }, { historyMaxCount: 1.5 }]) {
      const answer = await a.admin.http.patch(`/tenants/${a.id}`, bad)
      expect(answer.status, JSON.stringify(bad)).toBe(400)
      expect(JSON.stringify(answer.body), JSON.stringify(bad)).toContain(Object.keys(bad)[0])
    }
    const set = await a.admin.http.patch(`/tenants/${a.id}`, { historyMaxCount: 2 })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ historyMaxCount: 2, limits: { historyMaxCount: 2, historyMaxAgeDays: 14, historyFailedMaxAgeDays: 30 } })
  })

  it("prunes each tenant to its own retention, with node states and events, and nothing of another tenant's", async () => {
    const ofA = await runs(a, 5)
    const ofB = await runs(b, 5)
    server.app.get('tenantLimits').forget(a.id)
    // Every tenant is due: one round takes them all (there are a few here).
    await server.app.get('historyPruner').tick()
    const left = async (tenant: TestTenant) => ((await tenant.admin.http.get('/executions?$sort[createdAt]=1&$limit=50')).body.data as Array<{ id: string }>).map((run) => run.id)
    expect(await left(a)).toEqual(ofA.slice(3))
    expect(await left(b)).toEqual(ofB.slice(2))
    for (const pruned of ofA.slice(0, 3)) {
      expect((await a.admin.http.get(`/executions/${pruned}`)).status).toBe(404)
      expect((await a.admin.http.get(`/execution-events?executionId=${pruned}`)).body.total).toBe(0)
    }
    const orphans = await server.app.get('knex')('executionNodes').withSchema(tenantSchemaName(a.id)).whereIn('executionId', ofA.slice(0, 3))
    expect(orphans).toEqual([])
    const metrics = await server.app.get('metrics').registry.getSingleMetricAsString('troupe_history_pruned_rows_total')
    expect(metrics).toMatch(/table="executions"} 5/)
  })
})
