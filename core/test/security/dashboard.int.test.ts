import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'

// `/dashboard`: one call for the workspace's overview, counted in the caller's tenant only.

let server: TestServer
let a: TestTenant
let b: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
})
afterAll(async () => {
  await server?.close()
})

async function runs(tenant: TestTenant, name: string, nodes: ReturnType<typeof node>[], count: number) {
  const flow = (await tenant.admin.http.post('/flows', flowBody(name, nodes, nodes.length > 1 ? [[nodes[0].id, nodes[1].id]] : []))).body
  for (let index = 0; index < count; index++) {
    const started = await tenant.admin.http.post('/executions', { flowId: flow.id, input: {} })
    await waitForExecution(tenant.admin.http.get, started.body.id)
  }
  return flow
}

describe('the dashboard summary', () => {
  it("counts the caller's tenant only: flows, runs by outcome per day, the latest runs with their flows' names", async () => {
    const good = await runs(a, 'Fine', [node('in', 'trigger.manual'), node('out', 'flow.output')], 2)
    await runs(a, 'Broken', [node('in', 'trigger.manual'), node('boom', 'logic.condition', { expression: '$error("boom")' })], 1)
    await runs(b, 'Other', [node('in', 'trigger.manual')], 3)
    const viewer = await a.addUser('viewer')
    const summary = (await viewer.http.get('/dashboard')).body
    expect(summary.counts).toEqual({ flows: 2, executions: 3, tools: 0, running: 0 })
    expect(summary.outcomes).toHaveLength(14)
    const today = summary.outcomes.at(-1)
    expect(today).toMatchObject({ day: new Date().toISOString().slice(0, 10), succeeded: 2, failed: 1, cancelled: 0 })
    expect(summary.recent).toHaveLength(3)
    expect(summary.recent[0]).not.toHaveProperty('runnerId')
    expect(summary.flowNames[good.id]).toBe('Fine')
    expect(Object.values(summary.flowNames)).not.toContain('Other')
    expect(summary.spendTotal).toMatchObject({ calls: 0 })
    expect((await a.admin.http.get('/dashboard?days=3')).body.outcomes).toHaveLength(3)
  })

  it('refuses bad periods and unknown fields naming them, and anonymous callers', async () => {
    for (const query of ['days=0', 'days=91', 'days=abc', 'days=1e9', 'days=2.5', 'tenantId=x', '$limit=5']) {
      const response = await a.admin.http.get(`/dashboard?${query}`)
      expect(response.status, query).toBe(400)
      expect(JSON.stringify(response.body), query).toMatch(/days|tenantId|\$limit/)
    }
    expect((await httpClient(server.url).get('/dashboard')).status).toBe(401)
  })
})
