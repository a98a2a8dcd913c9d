import { context, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api'

/** Troupe's tracer: a no-op until an OpenTelemetry SDK is started (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
export const tracer = () => trace.getTracer('troupe', '0.1.0')

/**
 * Runs `work` inside a span named `name` (a child of the active span), recording its outcome:
 * an error sets the span's status and is rethrown. `work` may add attributes as it learns them.
 */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
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

/** The active trace as W3C `traceparent` fields, to carry across the queue to a worker. */
export function currentTraceContext(): Record<string, string> {
  const carrier: Record<string, string> = {}
  const span = trace.getSpan(context.active())
  if (span) {
    const { traceId, spanId, traceFlags } = span.spanContext()
    carrier.traceparent = `00-${traceId}-${spanId}-0${traceFlags.toString(16)}`
  }
  return carrier
}
