import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { NodeSDK } from '@opentelemetry/sdk-node'

/**
 * Starts OpenTelemetry tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the standard variables
 * apply: `OTEL_SERVICE_NAME`, headers, sampling); returns how to stop it, or nothing.
 */
export function startTelemetry(role: 'api' | 'worker', env: NodeJS.ProcessEnv = process.env): (() => Promise<void>) | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? `troupe-${role}`,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: []
  })
  sdk.start()
  return () => sdk.shutdown()
}
