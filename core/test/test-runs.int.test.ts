import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Test runs from the editor (`POST /executions {flowId, pinnedOutputs?, onlyNodeId?}`): pinned
 * nodes do not run (a node drawing a random number proves it) and feed what follows with their
 * pinned output; a test of one node runs that node alone on its upstream's pinned outputs. A
 * flow keeps its sticky notes and pinned data without a new version.
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

const finished = (id: string) => waitForExecution(tenant.admin.http.get, id)
const nodeStatesOf = async (id: string) =>
  Object.fromEntries(
    ((await server.app.get('knex')('executionNodes').withSchema(`tenant_${tenant.id.replace(/-/g, '')}`).where({ executionId: id })) as Array<{ nodeId: string; status: string; input: unknown; output: unknown }>).map((row) => [
      row.nodeId,
      { status: row.status, input: row.input, output: row.output }
    ])
  )
const eventsOf = async (id: string) => (await tenant.admin.http.get(`/execution-events?executionId=${id}&$limit=100`)).body.data as Array<{ type: string; nodeId: string | null; data: Record<string, unknown> }>

/** in → stamp (a random number) → double → out. */
async function stampedFlow(name: string) {
  return created(
    tenant.admin,
    '/flows',
    flowBody(
      name,
      [
        node('in', 'trigger.manual'),
        node('stamp', 'data.transform', { expression: '{"n": value.n, "r": $random()}' }, { label: 'Stamp' }),
        node('double', 'data.transform', { expression: '{"n": value.n * 2, "r": value.r}' }, { label: 'Double it' }),
        node('out', 'flow.output')
      ],
      [
        ['in', 'stamp'],
        ['stamp', 'double'],
        ['double', 'out']
      ]
    )
  )
}

describe('test runs', () => {
  it('runs a flow on pinned data: a pinned node does not run and feeds its output on', async () => {
    const flow = await stampedFlow('pinned')
    const answer = await tenant.admin.http.post('/executions', { flowId: flow.id, input: { n: 1 }, pinnedOutputs: { stamp: { n: 21, r: 0.5 } } })
    expect(answer.status).toBe(201)
    expect(answer.body).toMatchObject({ pinnedNodeIds: ['stamp'], onlyNodeId: null, trigger: 'manual' })
    const done = await finished(answer.body.id)
    expect(done).toMatchObject({ status: 'succeeded', output: { n: 42, r: 0.5 } })
    const stamp = (await eventsOf(done.id)).filter((event) => event.nodeId === 'stamp')
    expect(stamp.map((event) => event.type)).toEqual(['node.completed'])
    expect(stamp[0].data).toMatchObject({ output: { n: 21, r: 0.5 }, pinned: true })
  })

  it('tests one node on its upstream pinned output: only it runs (though pinned), the others give their pins or are skipped', async () => {
    const flow = await stampedFlow('one node')
    const pinnedOutputs = { stamp: { n: 5, r: 0.25 }, double: { n: -1 }, out: 'from the last run' }
    const answer = await tenant.admin.http.post('/executions', { flowId: flow.id, input: { n: 1 }, onlyNodeId: 'double', pinnedOutputs })
    expect(answer.status).toBe(201)
    expect(answer.body).toMatchObject({ pinnedNodeIds: ['stamp', 'out'], onlyNodeId: 'double' })
    const done = await finished(answer.body.id)
    expect(done.status).toBe('succeeded')
    const nodes = await nodeStatesOf(done.id)
    expect(nodes.double).toMatchObject({ status: 'succeeded', input: { n: 5, r: 0.25 }, output: { n: 10, r: 0.25 } })
    expect(nodes.in.status).toBe('skipped')
    expect(nodes.out).toMatchObject({ status: 'succeeded', output: 'from the last run' })
    const events = await eventsOf(done.id)
    expect(events.filter((event) => event.type === 'node.started').map((event) => event.nodeId)).toEqual(['double'])
    expect(events.find((event) => event.nodeId === 'in')).toMatchObject({ type: 'node.skipped', data: { notTestedBy: 'double' } })
  })

  it('tests a trigger on the input alone, and refuses a node whose inputs have no data, naming them', async () => {
    const flow = await stampedFlow('roots')
    const root = await finished((await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 7 }, onlyNodeId: 'in' })).id)
    expect(root.status).toBe('succeeded')
    expect((await nodeStatesOf(root.id)).in).toMatchObject({ status: 'succeeded', output: { n: 7 } })
    const refused = await tenant.admin.http.post('/executions', { flowId: flow.id, input: { n: 1 }, onlyNodeId: 'double' })
    expect(refused.status).toBe(400)
    expect(refused.body.data).toEqual([{ field: 'pinnedOutputs', message: expect.stringContaining('node "Double it" ("Stamp")') }])
  })

  it('keeps sticky notes and pinned data with the flow, in no new version; a removed node takes its pin with it', async () => {
    const flow = await stampedFlow('annotated')
    const notes = [{ id: 'n1', text: 'Doubles whatever it is given', position: { x: 10, y: -80 }, width: 240, color: 'yellow' }]
    const saved = await tenant.admin.http.patch(`/flows/${flow.id}`, { notes, pinnedOutputs: { stamp: { n: 3 }, double: { n: 6 } } })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ version: flow.version, notes, pinnedOutputs: { stamp: { n: 3 }, double: { n: 6 } } })
    const withoutDouble = flowBody('annotated', [node('in', 'trigger.manual'), node('stamp', 'data.transform', { expression: 'value' })], [['in', 'stamp']])
    const trimmed = await tenant.admin.http.patch(`/flows/${flow.id}`, { nodes: withoutDouble.nodes, edges: withoutDouble.edges })
    expect(trimmed.body).toMatchObject({ version: flow.version + 1, notes, pinnedOutputs: { stamp: { n: 3 } } })
    expect(trimmed.body.pinnedOutputs).not.toHaveProperty('double')
    const fresh = await created(tenant.admin, '/flows', { name: 'fresh' })
    expect(fresh).toMatchObject({ notes: [], pinnedOutputs: {} })
  })
})
