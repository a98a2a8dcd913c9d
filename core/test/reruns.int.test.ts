import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Re-runs (`POST /executions/:id/rerun`): from the start with a new or the recorded input, and
 * from a node, where every node upstream keeps its recorded output (a node drawing a random
 * number proves which ran again) and the rest runs on the version the first run pinned.
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

const finished = (id: string) => waitForExecution(tenant.admin.http.get, id)
const rerun = (id: string, body: Record<string, unknown> = {}) => tenant.admin.http.post(`/executions/${id}/rerun`, body)
const outputsOf = async (id: string) =>
  Object.fromEntries(((await server.app.get('knex')('executionNodes').withSchema(`tenant_${tenant.id.replace(/-/g, '')}`).where({ executionId: id })) as Array<{ nodeId: string; output: unknown }>).map((row) => [row.nodeId, row.output]))

/** in → stamp (a random number) → check (fails when n < 2) → after (another random number) → out. */
async function stampedFlow(name: string) {
  return created(
    tenant.admin,
    '/flows',
    flowBody(
      name,
      [
        node('in', 'trigger.manual'),
        node('stamp', 'data.transform', { expression: '{"n": value.n, "r": $random()}' }),
        node('check', 'data.transform', { expression: 'value.n < 2 ? $error("n is too small") : value' }),
        node('after', 'data.transform', { expression: '{"n": value.n, "stamped": value.r, "r": $random()}' }),
        node('out', 'flow.output')
      ],
      [
        ['in', 'stamp'],
        ['stamp', 'check'],
        ['check', 'after'],
        ['after', 'out']
      ]
    )
  )
}

describe('re-runs', () => {
  it('retries a failed run from the start, with a new input or the recorded one, linked to it', async () => {
    const flow = await stampedFlow('retry me')
    const failed = await finished((await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 1 } })).id)
    expect(failed.status).toBe('failed')
    const answer = await rerun(failed.id, { input: { n: 5 } })
    expect(answer.status).toBe(201)
    expect(answer.body).toMatchObject({ flowId: flow.id, flowVersion: failed.flowVersion, trigger: 'rerun', rerunOf: failed.id, rerunFromNodeId: null, input: { n: 5 } })
    expect(await finished(answer.body.id)).toMatchObject({ status: 'succeeded', output: { n: 5 } })
    const again = await finished((await rerun(failed.id)).body.id)
    expect(again).toMatchObject({ status: 'failed', input: { n: 1 }, rerunOf: failed.id })
    expect(again.error).toContain('n is too small')
    const listed = (await tenant.admin.http.get(`/executions?rerunOf=${failed.id}`)).body.data.map((run: { id: string }) => run.id)
    expect(listed.sort()).toEqual([answer.body.id, again.id].sort())
  })

  it('re-runs from a node: the nodes upstream keep their recorded outputs, the node and those after it run again', async () => {
    const flow = await stampedFlow('replay me')
    const first = await finished((await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 3 } })).id)
    expect(first.status).toBe('succeeded')
    const before = await outputsOf(first.id)
    const replay = await rerun(first.id, { fromNodeId: 'after' })
    expect(replay.status).toBe(201)
    expect(replay.body).toMatchObject({ rerunOf: first.id, rerunFromNodeId: 'after', input: { n: 3 } })
    const done = await finished(replay.body.id)
    expect(done.status).toBe('succeeded')
    const after = await outputsOf(done.id)
    expect(after.stamp).toEqual(before.stamp)
    expect(after.check).toEqual(before.check)
    expect((after.after as { stamped: number }).stamped).toBe((before.stamp as { r: number }).r)
    expect((after.after as { r: number }).r).not.toBe((before.after as { r: number }).r)
    // The reused nodes are in the new run's event log, marked as reused.
    const events = (await tenant.admin.http.get(`/execution-events?executionId=${done.id}&$sort[seq]=1&$limit=100`)).body.data as Array<{ type: string; nodeId: string; data: Record<string, unknown> }>
    expect(events.filter((event) => event.data.reusedFrom === first.id).map((event) => [event.type, event.nodeId]).sort()).toEqual([
      ['node.completed', 'check'],
      ['node.completed', 'in'],
      ['node.completed', 'stamp']
    ])
    expect(events.filter((event) => event.type === 'node.started').map((event) => event.nodeId).sort()).toEqual(['after', 'out'])
  })

  it('runs the version the first run pinned, even after the flow changed', async () => {
    const flow = await stampedFlow('changes later')
    const first = await finished((await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 4 } })).id)
    await tenant.admin.http.patch(`/flows/${flow.id}`, flowBody('changes later', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const done = await finished((await rerun(first.id, { fromNodeId: 'check' })).body.id)
    expect(done).toMatchObject({ status: 'succeeded', flowVersion: first.flowVersion })
    expect(done.output).toMatchObject({ n: 4, stamped: (first.output as { stamped: number }).stamped })
  })

  it('refuses what cannot be re-run, naming the field', async () => {
    const flow = await stampedFlow('refusals')
    const failed = await finished((await created(tenant.admin, '/executions', { flowId: flow.id, input: { n: 1 } })).id)
    const unknownNode = await rerun(failed.id, { fromNodeId: 'nope' })
    expect(unknownNode.status).toBe(400)
    expect(unknownNode.body.data).toEqual([{ field: 'fromNodeId', message: `is not a node of flow version ${failed.flowVersion}` }])
    // `after` needs `check`, which failed: nothing recorded to reuse.
    const afterFailure = await rerun(failed.id, { fromNodeId: 'after' })
    expect(afterFailure.status).toBe(400)
    expect(afterFailure.body.data[0]).toEqual({ field: 'fromNodeId', message: 'cannot be re-run from: node "check" upstream of it has no recorded output (failed)' })
    const both = await rerun(failed.id, { fromNodeId: 'check', input: { n: 9 } })
    expect(both.status).toBe(400)
    expect(both.body.data[0].field).toBe('input')
    const extra = await rerun(failed.id, { fromNode: 'check' })
    expect(extra.status).toBe(400)
    // A run that has not ended.
    const waiting = await created(tenant.admin, '/flows', flowBody('waits', [node('in', 'trigger.manual'), node('ask', 'human.approval', {})], [['in', 'ask']]))
    const open = await created(tenant.admin, '/executions', { flowId: waiting.id, input: {} })
    await waitFor(async () => ((await tenant.admin.http.get(`/executions/${open.id}`)).body.status === 'waiting' ? true : undefined))
    expect((await rerun(open.id)).status).toBe(409)
    await tenant.admin.http.patch(`/executions/${open.id}`, { status: 'cancelled' })
  })
})
