import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { connectSocket } from './socket.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/** `/api/v1/flow-versions`: the saved versions of a tenant's flows, read-only, as an execution pinned them. */

let server: TestServer
let a: TestTenant
let b: TestTenant
let viewerOfA: TestUser
let flowId: string
let executionId: string

const firstGraph = flowBody('Greeter', [node('in', 'trigger.manual', {}, { position: { x: 0, y: 0 } }), node('out', 'flow.output', {}, { position: { x: 240, y: 0 } })], [['in', 'out']])

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  viewerOfA = await a.addUser('viewer')
  const flow = await a.admin.http.post('/flows', firstGraph)
  expect(flow.status).toBe(201)
  flowId = flow.body.id
  const run = await a.admin.http.post('/executions', { flowId, input: {} })
  executionId = run.body.id
  await waitForExecution(a.admin.http.get, executionId)
  const changed = await a.admin.http.patch(`/flows/${flowId}`, {
    name: 'Greeter, changed',
    nodes: [...firstGraph.nodes, node('wait', 'util.delay', { ms: 1 }, { label: 'Wait', timeoutMs: 5000, retry: { max: 2, backoffMs: 100 } })],
    edges: firstGraph.edges
  })
  expect(changed.body.version).toBe(2)
})
afterAll(async () => {
  await server?.close()
})

describe('flow versions', () => {
  it('give back the version an execution pinned, as it was saved, after the flow changed', async () => {
    const execution = (await a.admin.http.get(`/executions/${executionId}`)).body
    expect(execution.flowVersion).toBe(1)
    const page = await a.admin.http.get(`/flow-versions?flowId=${flowId}&version=${execution.flowVersion}`)
    expect(page.status).toBe(200)
    expect(page.body.data).toHaveLength(1)
    expect(page.body.data[0]).toMatchObject({ flowId, version: 1, name: 'Greeter', nodes: firstGraph.nodes, edges: firstGraph.edges, createdBy: a.admin.id })
  })

  it('are not added by a save that changes nothing they hold: the same graph again, keys in another order, switching the flow off', async () => {
    const flow = await a.admin.http.post('/flows', flowBody('Steady', [node('in', 'trigger.manual', { }, { position: { x: 0, y: 0 } }), node('wait', 'util.delay', { ms: 5 })], [['in', 'wait']]))
    const stored = flow.body
    const reordered = stored.nodes.map((item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).reverse()))
    const same = await a.admin.http.patch(`/flows/${stored.id}`, { name: stored.name, nodes: reordered, edges: stored.edges })
    expect(same.status, JSON.stringify(same.body)).toBe(200)
    expect(same.body.version).toBe(1)
    const off = await a.admin.http.patch(`/flows/${stored.id}`, { active: false })
    expect(off.body).toMatchObject({ version: 1, active: false })
    const renamed = await a.admin.http.patch(`/flows/${stored.id}`, { name: 'Steady, renamed' })
    expect(renamed.body.version).toBe(2)
    const moved = await a.admin.http.patch(`/flows/${stored.id}`, { nodes: [{ ...stored.nodes[0], position: { x: 10, y: 0 } }, stored.nodes[1]] })
    expect(moved.body.version).toBe(3)
    const history = await a.admin.http.get(`/flow-versions?flowId=${stored.id}&$sort[version]=1`)
    expect(history.body.data.map((version: { version: number; name: string }) => [version.version, version.name])).toEqual([
      [1, 'Steady'],
      [2, 'Steady, renamed'],
      [3, 'Steady, renamed']
    ])
  })

  it('list a flow\'s history newest first, each with its node settings', async () => {
    const page = await a.admin.http.get(`/flow-versions?flowId=${flowId}`)
    expect(page.body.data.map((version: { version: number }) => version.version)).toEqual([2, 1])
    expect(page.body.data[0].nodes[2]).toMatchObject({ id: 'wait', timeoutMs: 5000, retry: { max: 2, backoffMs: 100 } })
  })

  it('are readable by viewers, over REST and Socket.IO', async () => {
    expect((await viewerOfA.http.get(`/flow-versions?flowId=${flowId}&version=1`)).body.data).toHaveLength(1)
    const socket = await connectSocket(server.url, viewerOfA.accessToken)
    try {
      const page = await socket.service('flow-versions').find({ query: { flowId, version: 2 } })
      expect(page.data.map((version) => version.name)).toEqual(['Greeter, changed'])
    } finally {
      socket.close()
    }
  })

  it('are read-only', async () => {
    expect((await a.admin.http.post('/flow-versions', { flowId, version: 3, name: 'forged', nodes: [], edges: [] })).status).toBe(405)
    expect((await a.admin.http.patch(`/flow-versions/1`, { name: 'forged' })).status).toBe(405)
    expect((await a.admin.http.delete(`/flow-versions/1`)).status).toBe(405)
    expect((await a.admin.http.get(`/flow-versions?flowId=${flowId}`)).body.total).toBe(2)
  })

  it('refuse queries on fields outside the contract', async () => {
    const response = await a.admin.http.get(`/flow-versions?nodes=x`)
    expect(response.status).toBe(400)
  })

  it('stay inside their tenant', async () => {
    const page = await b.admin.http.get(`/flow-versions?flowId=${flowId}`)
    expect(page.status).toBe(200)
    expect(page.body.data).toEqual([])
    expect((await b.admin.http.get('/flow-versions')).body.data).toEqual([])
  })

  it('need a login', async () => {
    const response = await fetch(`${server.url}/api/v1/flow-versions?flowId=${flowId}`)
    expect(response.status).toBe(401)
  })

  it('go with their flow', async () => {
    const other = await a.admin.http.post('/flows', flowBody('Short-lived', [node('in', 'trigger.manual')]))
    expect((await a.admin.http.get(`/flow-versions?flowId=${other.body.id}`)).body.total).toBe(1)
    expect((await a.admin.http.delete(`/flows/${other.body.id}`)).status).toBe(200)
    expect((await a.admin.http.get(`/flow-versions?flowId=${other.body.id}`)).body.total).toBe(0)
  })
})
