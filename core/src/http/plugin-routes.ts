import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { RootRoute } from './split-api.js'

export type PluginRouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/**
 * Paths outside `/api/v1` that plugins serve (`/mcp`), each with a plain Node handler that owns
 * the response. Koa steps aside for them (`ctx.respond = false`), so streams such as SSE work.
 */
export class PluginRoutes {
  private readonly handlers = new Map<string, PluginRouteHandler>()

  constructor(private readonly logger: Logger) {}

  add(path: string, handler: PluginRouteHandler): void {
    if (!path.startsWith('/') || path.startsWith('/api/') || path === '/socket.io') throw new Error(`A plugin may not serve ${path}`)
    if (this.handlers.has(path)) throw new Error(`${path} is already served by another plugin`)
    this.handlers.set(path, handler)
  }

  route(): RootRoute {
    return async (ctx, next) => {
      const handler = this.handlers.get(ctx.path)
      if (!handler) return next()
      ctx.respond = false
      try {
        await handler(ctx.req, ctx.res)
      } catch (error) {
        this.logger.error({ err: error, path: ctx.path }, 'plugin route failed')
        if (!ctx.res.headersSent) ctx.res.writeHead(500, { 'content-type': 'application/json' })
        ctx.res.end(JSON.stringify({ name: 'GeneralError', code: 500, message: 'Internal server error' }))
      }
    }
  }
}
