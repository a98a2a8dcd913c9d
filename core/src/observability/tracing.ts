import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api'

/** Troupe's tracer: a no-op until an OpenTelemetry SDK is started (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
export const tracer = () => trace.getTracer('troupe', '0.1.0')

/**
 * Runs `work` inside a span named `name` (a child of the active span), recording its outcome:
 * an error sets the span's status and is rethrown. `work` may add attributes as it learns them.
 */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, kind = SpanKind.INTERNAL): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span)
    } catch (error) {
      span.recordException(error as Error)
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message })
      throw error
    } finally {
      span.end()
    }
  })
}

/** Like `inSpan`, for hot paths that start work synchronously and get a promise back (node runs). */
export function traced<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, (span) => {
    const running = work()
    running.then(
      () => span.end(),
      (error: Error) => {
        span.recordException(error)
        span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message })
        span.end()
      }
    )
    return running
  })
}

/**
 * The active trace as carrier fields (W3C `traceparent`/`tracestate` with the SDK's default
 * propagator), to travel with a queued job to the worker that runs it. Empty when not tracing.
 */
export function injectTraceContext(active: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {}
  propagation.inject(active, carrier)
  return carrier
}

/** The context a job's carrier fields describe (the root context when there are none). */
export function extractTraceContext(carrier: Record<string, string> | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT
}

/**
 * Hands work to a queue inside a short producer span, giving it the carrier of that span: the
 * consumer's spans continue the same trace.
 */
export function inProducerSpan<T>(name: string, attributes: Attributes, work: (carrier: Record<string, string>) => Promise<T>): Promise<T> {
  return inSpan(name, attributes, () => work(injectTraceContext()), SpanKind.PRODUCER)
}

/** The ids of the active span, for log lines; nothing when there is no recorded trace. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpan(context.active())
  if (!span) return undefined
  const { traceId, spanId } = span.spanContext()
  return trace.isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : undefined
}
