import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * Timed waits of one tenant cannot hold up another's: a tenant with hundreds of wake-ups due gets
 * at most its share of each sweep. A wait until a time that is none fails its node, naming `until`.
 */
let server: TestServer
let flooder: TestTenant
let victim: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_PLUGINS: './core/test/fixtures/plugins/waits.ts', TROUPE_EXECUTION_LEASE_MS: '1000' })
  ;[flooder, victim] = await Promise.all([signupTenant(server.url), signupTenant(server.url)])
})
afterAll(() => server?.close())

describe('timed waits under abuse', () => {
  it("serves another tenant's due wake-up in a sweep or two while one tenant has 2000 due", async () => {
    // 2000 due wake-ups of the flooder (of executions that do not wait: each is taken, finds nothing, and goes).
    await server.app.get('executionStore').scheduleWakeups(
      flooder.id,
      randomUUID(),
      Array.from({ length: 2000 }, (_, i) => ({ nodeId: `n${i}`, at: new Date(Date.now() - 60_000) }))
    )
    const flow = await created(victim.admin, '/flows', flowBody('victim', [node('in', 'trigger.manual'), node('ask', 'test.wait', { untilMs: 200 }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']]))
    const execution = await created(victim.admin, '/executions', { flowId: flow.id, input: {} })
    const started = Date.now()
    expect(await waitForExecution(victim.admin.http.get, execution.id, 15_000)).toMatchObject({ status: 'succeeded', output: { timedOut: true } })
    // 2000 at 100 a sweep (every 0.5 s) would put it 10 s behind the flood; the share keeps it to a sweep or two.
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('fails a node that waits until a time that is none, naming until', async () => {
    const flow = await created(flooder.admin, '/flows', flowBody('bad until', [node('in', 'trigger.manual'), node('ask', 'test.wait', { until: 'next tuesday' })], [['in', 'ask']]))
    const execution = await created(flooder.admin, '/executions', { flowId: flow.id, input: {} })
    expect(await waitForExecution(flooder.admin.http.get, execution.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('wait.until') })
  })
})
