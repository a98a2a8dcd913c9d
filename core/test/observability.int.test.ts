import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { context, trace } from '@opentelemetry/api'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

let server: TestServer
let tenant: TestTenant
const exporter = new InMemorySpanExporter()
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(provider)
  server = await startTestServer({ TROUPE_METRICS_TOKEN: 'scrape-me' })
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
  trace.disable()
  context.disable()
})

describe('observability', () => {
  it('traces an execution with a span per node and the LLM call inside its node, with tokens and cost, without prompt text', async () => {
    const flow = await tenant.admin.http.post(
      '/flows',
      flowBody('traced', [node('start', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'secret prompt text' }), node('out', 'flow.output')], [['start', 'ask'], ['ask', 'out']])
    )
    const run = await tenant.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    expect((await waitForExecution(tenant.admin.http.get, run.body.id)).status).toBe('succeeded')
    await provider.forceFlush()
    const spans = exporter.getFinishedSpans()
    const execution = spans.find((span) => span.name === 'execution' && span.attributes['troupe.execution.id'] === run.body.id)
    expect(execution).toBeTruthy()
    const traceId = execution!.spanContext().traceId
    const ofRun = spans.filter((span) => span.spanContext().traceId === traceId)
    expect(ofRun.map((span) => span.name)).toEqual(expect.arrayContaining(['node trigger.manual', 'node llm.prompt', 'node flow.output', 'llm.chat']))
    const llm = ofRun.find((span) => span.name === 'llm.chat')!
    const llmNode = ofRun.find((span) => span.name === 'node llm.prompt')!
    expect(llm.parentSpanContext?.spanId).toBe(llmNode.spanContext().spanId)
    expect(llm.attributes).toMatchObject({ 'gen_ai.request.model': 'scripted', 'gen_ai.usage.input_tokens': expect.any(Number), 'troupe.cost_usd': 0 })
    expect(JSON.stringify(ofRun.map((span) => span.attributes))).not.toContain('secret prompt text')
  })

  it('serves Prometheus metrics with executions, node durations, LLM tokens and HTTP latency, behind its token', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401)
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } })
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).toMatch(/troupe_executions_total\{status="succeeded"\} [1-9]/)
    expect(text).toMatch(/troupe_node_duration_seconds_count\{type="llm.prompt",status="succeeded"\} [1-9]/)
    expect(text).toMatch(new RegExp(`troupe_llm_tokens_total\\{tenant="${tenant.id}",provider="[^"]+",kind="completion"\\} [1-9]`))
    expect(text).toMatch(/troupe_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/executions",status="201"\} [1-9]/)
  })
})
