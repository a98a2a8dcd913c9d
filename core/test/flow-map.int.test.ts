import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created } from './security/hostile.js'
import { connectSocket, settle } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * `flow.map` (the flow-control plugin) through the REST API: one sub-flow per item, at most
 * `concurrency` at once, the outputs in input order; a failing item fails the node (and the other
 * items still running are cancelled) or is collected in its place; each item's run is listed
 * with its index.
 */
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(() => server?.close())

const finished = (id: string, timeoutMs = 60_000) => waitForExecution(tenant.admin.http.get, id, timeoutMs)
const itemsOf = async (id: string) => (await tenant.admin.http.get(`/executions?parentExecutionId=${id}&parentNodeId=map&$limit=200`)).body.data as Array<Record<string, any>>

/** A per-item flow: doubles `n` after a short delay, and fails on multiples of `failOn`. */
async function itemFlow(name: string, failOn = 0) {
  const check = failOn ? `value.n % ${failOn} = 0 ? $error("item " & $string(value.n) & " refused") : value` : 'value'
  return created(
    tenant.admin,
    '/flows',
    flowBody(
      name,
      [node('in', 'trigger.manual'), node('pause', 'util.delay', { ms: 30 }), node('check', 'data.transform', { expression: check }), node('work', 'data.transform', { expression: '{"n": value.n, "doubled": value.n * 2}' }), node('out', 'flow.output')],
      [
        ['in', 'pause'],
        ['pause', 'check'],
        ['check', 'work'],
        ['work', 'out']
      ]
    )
  )
}
const mapFlow = (name: string, flowId: string, params: Record<string, unknown> = {}) =>
  created(tenant.admin, '/flows', flowBody(name, [node('in', 'trigger.manual'), node('map', 'flow.map', { items: 'value.list', flowId, ...params }), node('out', 'flow.output')], [['in', 'map'], ['map', 'out']]))
const list = (count: number) => Array.from({ length: count }, (_, index) => ({ n: index + 1 }))

describe('flow.map', () => {
  it('runs the sub-flow once per item, a few at a time, and answers the outputs in input order', async () => {
    const child = await itemFlow('double an item')
    const parent = await mapFlow('double a list', child.id, { concurrency: 4 })
    const execution = await created(tenant.admin, '/executions', { flowId: parent.id, input: { list: list(25) } })
    const done = await finished(execution.id)
    expect(done.status).toBe('succeeded')
    expect(done.output).toEqual(list(25).map(({ n }) => ({ n, doubled: n * 2 })))
    const runs = await itemsOf(execution.id)
    expect(runs).toHaveLength(25)
    expect(runs.map((run) => Number(run.callKey)).sort((a, b) => a - b)).toEqual(list(25).map((_, index) => index))
    expect(runs.every((run) => run.status === 'succeeded' && run.trigger === 'subflow')).toBe(true)
    // Never more than four at once: each run started before the fifth-next one started ended before it started.
    const ordered = runs.sort((a, b) => Number(a.callKey) - Number(b.callKey))
    for (let index = 4; index < ordered.length; index++) {
      const overlapping = ordered.filter((run) => run.startedAt <= ordered[index].startedAt && run.finishedAt > ordered[index].startedAt)
      expect(overlapping.length).toBeLessThanOrEqual(4)
    }
  })

  it('collects failed items in their place when asked, and fails on the first one otherwise', async () => {
    const child = await itemFlow('refuses every third', 3)
    const collecting = await mapFlow('collects', child.id, { concurrency: 3, onItemError: 'collect' })
    const collected = await finished((await created(tenant.admin, '/executions', { flowId: collecting.id, input: { list: list(7) } })).id)
    expect(collected.status).toBe('succeeded')
    expect(collected.output[0]).toEqual({ n: 1, doubled: 2 })
    expect(collected.output[2]).toMatchObject({ failed: true, executionId: expect.any(String) })
    expect(collected.output[2].error).toContain('item 3 refused')
    expect(collected.output[5].error).toContain('item 6 refused')
    const failing = await mapFlow('fails', child.id, { concurrency: 2 })
    const failed = await finished((await created(tenant.admin, '/executions', { flowId: failing.id, input: { list: list(12) } })).id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/Item 2 failed in its sub-flow's run .*item 3 refused/)
    // Nothing is left running behind a failed map.
    const runs = await itemsOf(failed.id)
    expect(runs.length).toBeLessThan(12)
    await expect.poll(async () => (await itemsOf(failed.id)).filter((run) => ['queued', 'running', 'waiting'].includes(run.status)).length).toBe(0)
  })

  it('is followed live over Socket.IO: progress events with the counts, the items\' runs, the end', async () => {
    const child = await itemFlow('live item')
    const parent = await mapFlow('live map', child.id, { concurrency: 3 })
    const socket = await connectSocket(server.url, tenant.admin.accessToken)
    const progress: Array<{ total: number; started: number; running: number }> = []
    const itemRuns = new Set<string>()
    socket.service('execution-events').on('created', (event: { type: string; data: any }) => {
      if (event.type === 'flow.map.progress') progress.push(event.data)
    })
    socket.service('executions').on('created', (run: { id: string; parentNodeId: string | null }) => {
      if (run.parentNodeId === 'map') itemRuns.add(run.id)
    })
    const execution = await socket.service('executions').create({ flowId: parent.id, input: { list: list(9) } })
    await socket.service('execution-subscriptions').create({ executionId: execution.id })
    const done = await finished(execution.id)
    await settle()
    expect(done.output).toHaveLength(9)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((counts) => counts.total === 9 && counts.running <= 3)).toBe(true)
    expect(progress.at(-1)).toMatchObject({ started: 9 })
    expect(itemRuns.size).toBe(9)
    socket.io.disconnect()
  })

  it('answers an empty list at once, and fails on an expression that gives no list', async () => {
    const child = await itemFlow('never runs')
    const parent = await mapFlow('edge cases', child.id)
    expect(await finished((await created(tenant.admin, '/executions', { flowId: parent.id, input: { list: [] } })).id)).toMatchObject({ status: 'succeeded', output: [] })
    const notList = await finished((await created(tenant.admin, '/executions', { flowId: parent.id, input: { list: 'a text' } })).id)
    expect(notList.status).toBe('failed')
    expect(notList.error).toContain('items must give a list; it gave string')
  })
})
