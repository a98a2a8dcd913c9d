import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, deeplyNested, expectNoPollution } from './hostile.js'

/**
 * Pinned data and one-node tests against hostile callers: a viewer and an anonymous caller cannot
 * start or save them; another tenant's flow is no flow; a pin of a node the flow lacks (`__proto__`
 * included), a pin over the node output limit, too many pins, a bad node id or a 5000-deep pin are
 * 400s naming the field, with nothing stored and nothing polluted.
 */
let server: TestServer
let tenant: TestTenant
let other: TestTenant
let flowId: string

beforeAll(async () => {
  server = await startTestServer({ TROUPE_NODE_OUTPUT_MAX_BYTES: '1024' })
  ;[tenant, other] = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
  const flow = await created(tenant.admin, '/flows', flowBody('pinned', [node('in', 'trigger.manual'), node('double', 'data.transform', { expression: '{"n": value.n * 2}' }), node('out', 'flow.output')], [['in', 'double'], ['double', 'out']]))
  flowId = flow.id
})
afterAll(() => server?.close())

const runsOf = async () => (await tenant.admin.http.get(`/executions?flowId=${flowId}`)).body.data as unknown[]
const flowNow = async () => (await tenant.admin.http.get(`/flows/${flowId}`)).body
const fields = (body: { data?: Array<{ field: string }> }) => (body.data ?? []).map((problem) => problem.field)

describe('test runs against hostile callers', () => {
  it('a viewer and an anonymous caller can neither start a test run nor pin data', async () => {
    const viewer = await tenant.addUser('viewer')
    const test = { flowId, input: { n: 1 }, onlyNodeId: 'double', pinnedOutputs: { in: { n: 2 } } }
    expect((await viewer.http.post('/executions', test)).status).toBe(403)
    expect((await httpClient(server.url).post('/executions', test)).status).toBe(401)
    expect((await viewer.http.patch(`/flows/${flowId}`, { pinnedOutputs: { in: { n: 2 } } })).status).toBe(403)
    expect((await httpClient(server.url).patch(`/flows/${flowId}`, { notes: [] })).status).toBe(401)
    expect(await runsOf()).toHaveLength(0)
    expect((await flowNow()).pinnedOutputs).toEqual({})
  })

  it('another tenant\'s flow is no flow: no test of it, no pin on it, nothing of it shows', async () => {
    const test = await other.admin.http.post('/executions', { flowId, onlyNodeId: 'double', pinnedOutputs: { in: { n: 2 } } })
    expect(test.status).toBe(400)
    expect(fields(test.body)).toEqual(['flowId'])
    expect(JSON.stringify(test.body)).not.toContain('double')
    expect((await other.admin.http.patch(`/flows/${flowId}`, { pinnedOutputs: { in: 'theirs' }, notes: [] })).status).toBe(404)
    expect(await runsOf()).toHaveLength(0)
    expect(await flowNow()).toMatchObject({ pinnedOutputs: {}, notes: [] })
  })

  it.each([
    ['a node the flow lacks', { pinnedOutputs: { ghost: 1 } }, ['pinnedOutputs.ghost']],
    ['a pin over the node output limit', { pinnedOutputs: { in: 'x'.repeat(2048) } }, ['pinnedOutputs.in']],
    ['a test of a node the flow lacks', { onlyNodeId: 'ghost', pinnedOutputs: {} }, ['onlyNodeId']],
    ['a node id that is no id', { pinnedOutputs: { 'a b': 1 } }, ['pinnedOutputs']],
    ['a 10 000-character node id', { onlyNodeId: 'x'.repeat(10_000) }, ['onlyNodeId']],
    ['5001 pins', { pinnedOutputs: Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`n${i}`, i])) }, ['pinnedOutputs']]
  ])('%s is a 400 naming the field; no run is stored', async (_case, body, named) => {
    const answer = await tenant.admin.http.post('/executions', { flowId, input: { n: 1 }, ...body })
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(400)
    for (const field of named) expect(fields(answer.body).some((found) => found.startsWith(field))).toBe(true)
    expect(await runsOf()).toHaveLength(0)
  })

  it('a saved pin is checked the same way, and refused whole', async () => {
    const oversized = await tenant.admin.http.patch(`/flows/${flowId}`, { pinnedOutputs: { in: { n: 1 }, double: 'x'.repeat(2048) } })
    expect(oversized.status).toBe(400)
    expect(fields(oversized.body)).toEqual(['pinnedOutputs.double'])
    expect(oversized.body.message).toContain('more than the 1 KiB a node may produce')
    const duplicateNotes = await tenant.admin.http.patch(`/flows/${flowId}`, { notes: [1, 2].map(() => ({ id: 'same', text: 't', position: { x: 0, y: 0 } })) })
    expect(fields(duplicateNotes.body)).toEqual(['notes.1.id'])
    const hugeNote = await tenant.admin.http.patch(`/flows/${flowId}`, { notes: [{ id: 'n', text: 'x'.repeat(10_001), position: { x: 0, y: 0 } }] })
    expect(hugeNote.status).toBe(400)
    expect(fields(hugeNote.body)[0]).toContain('notes')
    expect(await flowNow()).toMatchObject({ pinnedOutputs: {}, notes: [], version: 1 })
  })

  it('a pin keyed __proto__ is refused before anything reads it (even for a node of that name) and pollutes nothing; a 5000-deep pin is a 4xx', async () => {
    const proto = await created(tenant.admin, '/flows', flowBody('proto', [node('__proto__', 'trigger.manual'), node('double', 'data.transform', { expression: 'value' })], [['__proto__', 'double']]))
    for (const id of [flowId, proto.id]) {
      const answer = await tenant.admin.http.post('/executions', `{"flowId":"${id}","onlyNodeId":"double","pinnedOutputs":{"__proto__":{"polluted":true}}}`)
      expect(answer.status).toBe(400)
      expect(answer.body.message).toContain('forbidden prototype property')
      expect((await tenant.admin.http.patch(`/flows/${id}`, `{"pinnedOutputs":{"__proto__":{"polluted":true}}}`)).status).toBe(400)
    }
    expectNoPollution()
    expect((await tenant.admin.http.get(`/flows/${proto.id}`)).body.pinnedOutputs).toEqual({})
    const deep = await tenant.admin.http.post('/executions', `{"flowId":"${flowId}","pinnedOutputs":{"in":${deeplyNested(5000)}}}`)
    expect(deep.status).toBeGreaterThanOrEqual(400)
    expect(deep.status).toBeLessThan(500)
    expect(await runsOf()).toHaveLength(0)
  })
})
