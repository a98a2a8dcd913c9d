import { Writable } from 'node:stream'
import { context, propagation, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { extractTraceContext, injectTraceContext, inProducerSpan, inSpan } from './tracing.js'

const exporter = new InMemorySpanExporter()
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  trace.setGlobalTracerProvider(provider)
  propagation.setGlobalPropagator(new W3CTraceContextPropagator())
})
afterAll(() => {
  trace.disable()
  context.disable()
  propagation.disable()
})
beforeEach(() => exporter.reset())

const spanNamed = (name: string) => exporter.getFinishedSpans().find((span) => span.name === name)!

describe('trace context across a queue', () => {
  it('gives the job the producer span as W3C traceparent, and the consumer continues that trace', async () => {
    const job = await inProducerSpan('execution.enqueue', { 'troupe.execution.id': 'e1' }, async (traceContext) => ({ traceContext }))
    expect(job.traceContext.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    // The worker side: no active span of its own, only the job's fields.
    await context.with(extractTraceContext(job.traceContext), () => inSpan('execution', {}, async () => undefined))
    const producer = spanNamed('execution.enqueue')
    const consumer = spanNamed('execution')
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId)
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId)
  })

  it('starts a new trace for a job that carries no context', async () => {
    await inSpan('unrelated', {}, () => context.with(extractTraceContext(undefined), () => inSpan('execution', {}, async () => undefined)))
    expect(spanNamed('execution').parentSpanContext).toBeUndefined()
    expect(spanNamed('execution').spanContext().traceId).not.toBe(spanNamed('unrelated').spanContext().traceId)
  })

  it('carries nothing outside a trace', () => {
    expect(injectTraceContext()).toEqual({})
  })

  it('records a failed hand-over on the producer span and rethrows', async () => {
    await expect(inProducerSpan('execution.enqueue', {}, async () => Promise.reject(new Error('redis down')))).rejects.toThrow('redis down')
    expect(spanNamed('execution.enqueue').status).toMatchObject({ code: 2, message: 'redis down' })
  })
})

describe('log lines inside a trace', () => {
  it('carry the trace and span ids; lines outside carry none', async () => {
    const lines: Array<Record<string, unknown>> = []
    const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }))
    logger.info('outside')
    await inSpan('execution', {}, async () => logger.info('inside'))
    const span = spanNamed('execution').spanContext()
    expect(lines[0]).not.toHaveProperty('trace_id')
    expect(lines[1]).toMatchObject({ msg: 'inside', trace_id: span.traceId, span_id: span.spanId })
  })
})
