import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowFile, readFlowFile } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * A flow file crosses tenants by design: tenant B imports what tenant A exported (or what anyone
 * wrote). What it carries must give B nothing of A's: no secret, no reach into A's records, no
 * switch B did not choose; and B's viewers cannot import at all.
 */

let server: TestServer
let a: TestTenant
let b: TestTenant
let agentOfA: string

beforeAll(async () => {
  server = await startTestServer()
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  agentOfA = (await created(a.admin, '/agents', { name: 'A agent', role: 'r', goal: 'g' })).id
})
afterAll(async () => {
  await server?.close()
})

/** What A exports: its saved flow, read back as the API answers it. */
async function exportedByA(name: string, nodes: ReturnType<typeof node>[], edges: Array<[string, string]>, extra: object = {}) {
  const saved = await created(a.admin, '/flows', { ...flowBody(name, nodes, edges), ...extra })
  const read = (await a.admin.http.get(`/flows/${saved.id}`)).body
  return JSON.stringify(flowFile(read))
}

describe('importing a flow file', () => {
  it("carries none of the exporting tenant's secrets, error flow or switches", async () => {
    const errorFlow = await created(a.admin, '/flows', flowBody('A on error', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const text = await exportedByA('A hook', [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']], {
      webhookSecret: 'A-webhook-secret-0123456789',
      errorFlowId: errorFlow.id,
      exposeViaMcp: true,
      active: false
    })
    expect(text).not.toContain('A-webhook-secret')
    const read = readFlowFile(text)
    if ('error' in read) throw new Error(read.error)
    const imported = await created(b.admin, '/flows', read.flow)
    expect(imported).toMatchObject({ name: 'A hook', errorFlowId: null, exposeViaMcp: false, active: true, version: 1 })
    // No secret came along: B's flow has none until B sets one.
    const answer = await fetch(`${server.url}/api/v1/hooks/${imported.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":1}' })
    expect(answer.status).toBe(200)
  })

  it("gives no reach into the exporting tenant's records: A's agent is as unknown to B's run as a made-up id", async () => {
    const text = await exportedByA('A agent flow', [node('in', 'trigger.manual'), node('ask', 'agent.run', { agentId: agentOfA, prompt: 'hi' })], [['in', 'ask']])
    const read = readFlowFile(text)
    if ('error' in read) throw new Error(read.error)
    const saved = await b.admin.http.post('/flows', read.flow)
    expect(saved.status).toBe(201)
    const runOf = async (flowId: string) => waitForExecution(b.admin.http.get, (await created(b.admin, '/executions', { flowId, input: {} })).id)
    const done = await runOf(saved.body.id)
    const madeUp = crypto.randomUUID()
    const withMadeUp = await created(b.admin, '/flows', { ...read.flow, name: 'made up', nodes: read.flow.nodes!.map((item) => (item.id === 'ask' ? { ...item, params: { ...item.params, agentId: madeUp } } : item)) })
    const doneWithMadeUp = await runOf(withMadeUp.id)
    expect(done).toMatchObject({ status: 'failed', error: `Node ask failed: No record found for id '${agentOfA}'` })
    expect(doneWithMadeUp).toMatchObject({ status: 'failed', error: `Node ask failed: No record found for id '${madeUp}'` })
  })

  it('is refused to a viewer and to an anonymous caller, and stores nothing', async () => {
    const read = readFlowFile(await exportedByA('A plain', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    if ('error' in read) throw new Error(read.error)
    const viewer = await b.addUser('viewer')
    expect((await viewer.http.post('/flows', read.flow)).status).toBe(403)
    expect((await fetch(`${server.url}/api/v1/flows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(read.flow) })).status).toBe(401)
    const names = (await b.admin.http.get('/flows?$limit=100')).body.data.map((flow: { name: string }) => flow.name)
    expect(names).not.toContain('A plain')
  })

  it('stores nothing from a file whose graph is hostile, with a 400 naming the field', async () => {
    const text = JSON.stringify({ format: 'troupe.flow', version: 1, flow: { name: 'x', nodes: [{ id: 'n', type: 'no.such.type' }], edges: [{ id: 'e', source: 'n', target: 'n' }] } })
    const read = readFlowFile(text)
    if ('error' in read) throw new Error(read.error)
    const refused = await b.admin.http.post('/flows', read.flow)
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/nodes\.0|edges\.0/)
  })
})
