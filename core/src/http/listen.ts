import { createServer } from 'node:http'
import type { Application } from '../declarations.js'
import { capConnectionsPerAddress } from '../limits/cap-connections-per-address.js'

/**
 * Starts serving and resolves with the port actually bound (`port` 0 picks a free one).
 *
 * The HTTP server is made here rather than by Koa so that its receive deadlines are set before
 * the first connection: headers must arrive within `headersTimeoutMs` and the whole request
 * within `bodyTimeoutMs`, else Node answers 408 and closes. Both stop counting once a request has
 * fully arrived, so SSE, MCP streams and Socket.IO (long-polling and the WebSocket upgrade)
 * stream on. The app is set up before it listens: no request meets a half-started server.
 */
export async function listen(app: Application, port: number, host: string): Promise<number> {
  const limits = app.get('config').connections
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.bodyTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for expired requests: its default (30 s) would stretch short deadlines.
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(limits.headersTimeoutMs / 4)))
    },
    app.callback()
  )
  capConnectionsPerAddress(server, limits.httpPerIp, () => app.get('metrics').connectionsRefused.inc({ kind: 'http' }))
  app.server = server
  await app.setup(server)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  return typeof address === 'object' && address ? address.port : port
}
