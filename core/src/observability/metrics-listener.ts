import { createServer, type Server } from 'node:http'
import { carriesMetricsToken } from './metrics-access.js'
import type { TroupeMetrics } from './metrics.js'

export interface MetricsListenerOptions {
  port: number
  /** 127.0.0.1 unless the operator opens it to the network its Prometheus scrapes from. */
  host: string
  /** Required here too when set. */
  token?: string
}

/**
 * A listener that serves `GET /metrics` and nothing else (`TROUPE_METRICS_PORT`), apart from the
 * API's port, so that tenants' traffic and the public never reach it. Answers with the port it got.
 */
export async function serveMetrics(metrics: TroupeMetrics, options: MetricsListenerOptions): Promise<Server> {
  const server = createServer(async (request, response) => {
    if (request.url !== '/metrics' || request.method !== 'GET') return void response.writeHead(404).end()
    if (!carriesMetricsToken(request.headers.authorization, options.token)) {
      return void response.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end()
    }
    response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, resolve)
  })
  return server
}
