import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { startOtlpReceiver, type ReceivedSpan } from './otlp-receiver.js'
import { launchTroupe, sharedServerEnv } from './processes.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { freshPostgresDatabase } from './test-server.js'

// An API and a worker, as separate processes exporting their traces to one OTLP receiver.
const available = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL)
const children: ChildProcess[] = []

describe.skipIf(!available)('tracing in queue mode', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
  let url: string
  let tenant: TestTenant

  beforeAll(async () => {
    database = await freshPostgresDatabase(process.env.DATABASE_URL!)
    receiver = await startOtlpReceiver()
    const env = sharedServerEnv('tracing', database.url, {
      TROUPE_RATE_LIMIT: '1000000',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100'
    })
    url = (await launchTroupe('start', env, children)).url!
    await launchTroupe('worker', env, children)
    tenant = await signupTenant(url)
  }, 120_000)

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await receiver?.close()
    await database?.drop()
  })

  it('continues the trace of the API that queued an execution in the worker that runs it', async () => {
    const flow = await tenant.admin.http.post(
      '/flows',
      flowBody('traced across the queue', [node('in', 'trigger.manual'), node('double', 'data.transform', { expression: 'input.n * 2' }), node('out', 'flow.output')], [
        ['in', 'double'],
        ['double', 'out']
      ])
    )
    const run = await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: { n: 21 } })
    expect((await waitForExecution(tenant.admin.http.get, run.body.id)).status).toBe('succeeded')

    const ofRun = (name: string) => receiver.spans.find((span) => span.name === name && span.attributes['troupe.execution.id'] === run.body.id)
    let enqueue: ReceivedSpan | undefined
    let execution: ReceivedSpan | undefined
    for (let waited = 0; waited < 10_000 && !(enqueue && execution); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      ;[enqueue, execution] = [ofRun('execution.enqueue'), ofRun('execution')]
    }
    expect(enqueue).toMatchObject({ service: 'troupe-api', kind: 4 }) // SPAN_KIND_PRODUCER
    expect(execution).toMatchObject({ service: 'troupe-worker', traceId: enqueue!.traceId, parentSpanId: enqueue!.spanId })
    const nodes = receiver.spans.filter((span) => span.traceId === enqueue!.traceId && span.name.startsWith('node '))
    expect(nodes.map((span) => span.name).sort()).toEqual(['node data.transform', 'node flow.output', 'node trigger.manual'])
    expect(nodes.every((span) => span.service === 'troupe-worker' && span.parentSpanId === execution!.spanId)).toBe(true)
  })
})
