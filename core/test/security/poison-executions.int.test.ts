import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * Executions whose progress cannot be stored (a fan-out multiplying a large input thousands of
 * times, an output past the per-node limit, a value the database refuses) fail at once with a
 * clear reason, instead of staying queued and being taken over every lease, and the server keeps
 * answering meanwhile. No log line carries the statement's parameters.
 */

const marker = 'POISON-PARAMETER-'
const logLines: string[] = []
let server: TestServer
let tenant: TestTenant

beforeAll(async () => {
  server = await startTestServer(
    { TROUPE_PLUGINS: './core/test/fixtures/plugins/runner-faults.ts', TROUPE_NODE_OUTPUT_MAX_BYTES: String(1024 * 1024) },
    { logLines }
  )
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

/** The longest `/health` took while `work` ran; a health check that fails fails the test. */
async function slowestHealthCheck(work: Promise<unknown>): Promise<number> {
  let done = false
  let slowest = 0
  const failures: string[] = []
  const watching = (async () => {
    while (!done) {
      const started = Date.now()
      const response = await fetch(`${server.url}/health`).catch((error: Error) => error)
      if (response instanceof Error || !response.ok) failures.push(response instanceof Error ? `${response.message}: ${String(response.cause)}` : `status ${response.status}`)
      slowest = Math.max(slowest, Date.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  await work.finally(() => (done = true))
  await watching
  expect(failures).toEqual([])
  return slowest
}

async function run(name: string, nodes: ReturnType<typeof node>[], edges: Array<[string, string]>, input: unknown) {
  const flow = await created(tenant.admin, '/flows', flowBody(name, nodes, edges))
  const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input })
  // The server runs in this process: while the embedded database stores a large batch, both sides
  // of a kept-alive connection stall together, and a poll may meet the socket the server closes
  // for idleness as it wakes. That poll is tried again, as a client would.
  const get = (path: string) => tenant.admin.http.get(path).catch(() => tenant.admin.http.get(path))
  return waitForExecution(get, execution.id, 60_000)
}

/** The execution's event log, which must end with the failure and have no gap (as many events as its last `seq`). */
async function expectFailureLogged(executionId: string, error: string) {
  const { body } = await tenant.admin.http.get(`/execution-events?executionId=${executionId}&$limit=1&$sort[seq]=-1`)
  const [last] = body.data as Array<{ seq: number; type: string; data: Record<string, unknown> }>
  expect(last).toMatchObject({ type: 'execution.completed', data: { status: 'failed', error } })
  expect(last.seq).toBe(body.total)
}

async function expectStillServing() {
  const flow = await created(tenant.admin, '/flows', flowBody('healthy', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
  const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: { ok: true } })
  expect(await waitForExecution(tenant.admin.http.get, execution.id)).toMatchObject({ status: 'succeeded', output: { ok: true } })
}

describe('poison executions', () => {
  it.each([
    ['data.transform nodes (the reported case)', 'data.transform', { expression: 'value' }],
    ['nodes that hand their input on at once', 'fault.echo', {}]
  ])('fails a 4 999-node fan-out of a 100 KB input to %s with a clear reason, in bounded time, while the server answers', async (_name, type, params) => {
    const fanOut = Array.from({ length: 4999 }, (_, index) => node(`n${index}`, type, params))
    const started = Date.now()
    let done: any
    const slowest = await slowestHealthCheck(
      (async () => {
        done = await run('fan-out', [node('in', 'trigger.manual'), ...fanOut], fanOut.map(({ id }) => ['in', id]), { blob: `${marker}${'x'.repeat(100_000)}` })
      })()
    )
    expect(done).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(
        /^Could not store the execution's progress: (the nodes that finished together produced about [\d.]+ [MG]iB of inputs, outputs and events, more than the 256 MiB one write may hold|the execution's inputs, outputs and events reached about [\d.]+ MiB, more than the 128 MiB one execution may store)$/
      )
    })
    expect(Date.now() - started).toBeLessThan(30_000)
    // Measured at 30 to 160 ms; the bound leaves room for a loaded CI machine.
    expect(slowest).toBeLessThan(2_000)
    await expectFailureLogged(done.id, done.error)
    await expectStillServing()
  }, 120_000)

  it('fails a node whose output is past TROUPE_NODE_OUTPUT_MAX_BYTES, naming it and both sizes, before anything stores it', async () => {
    const done = await run('too big', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']], { blob: `${marker}${'y'.repeat(2 * 1024 * 1024)}` })
    expect(done).toMatchObject({ status: 'failed', error: 'Node in failed: its output is about 2 MiB as JSON, more than the 1 MiB a node may produce' })
    await expectFailureLogged(done.id, done.error)
  })

  it('fails an execution whose batch the database refuses, with the reason and never the parameters in the logs', async () => {
    const done = await run('refused', [node('in', 'trigger.manual'), node('emit', 'fault.emit', { eventType: `fault.${'t'.repeat(150)}`, payload: `${marker}${'z'.repeat(200_000)}` })], [['in', 'emit']], {})
    expect(done).toMatchObject({
      status: 'failed',
      error: "Could not store the execution's progress: the database refused a value (22001: value too long for type character varying(100))"
    })
    await expectFailureLogged(done.id, done.error)
    expect(logLines.some((line) => line.includes(done.id) && line.includes('the database refused a value'))).toBe(true)
    await expectStillServing()
  })

  it('logs no parameter of any failed statement, and no line longer than a few KB', () => {
    const text = logLines.join('\n')
    expect(text).not.toContain(marker)
    expect(Math.max(...logLines.map((line) => line.length))).toBeLessThan(32_000)
  })
})
