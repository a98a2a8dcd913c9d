import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A span as an OTLP/HTTP JSON exporter sends it, with the service that sent it. */
export interface ReceivedSpan {
  service: string
  name: string
  kind: number
  traceId: string
  spanId: string
  parentSpanId?: string
  attributes: Record<string, unknown>
}

interface OtlpValue {
  stringValue?: string
  intValue?: string | number
  boolValue?: boolean
  doubleValue?: number
}
interface OtlpAttribute {
  key: string
  value: OtlpValue
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] }
    scopeSpans?: Array<{ spans?: Array<Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] }> }>
  }>
}

const attributeMap = (attributes: OtlpAttribute[] = []) =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue]))

/**
 * A local OTLP/HTTP trace receiver (what an OpenTelemetry collector offers at `/v1/traces`), for
 * tests that start Troupe processes with `OTEL_EXPORTER_OTLP_ENDPOINT` pointing at it.
 */
export async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json')) {
        for (const resourceSpans of (JSON.parse(body) as OtlpExport).resourceSpans ?? []) {
          const service = String(attributeMap(resourceSpans.resource?.attributes)['service.name'])
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) spans.push({ ...span, service, attributes: attributeMap(span.attributes) })
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      } else response.writeHead(415).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
