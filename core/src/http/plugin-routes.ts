import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { RootRoute } from './split-api.js'

export type PluginRouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/** Request and response headers a plugin's route uses, which cross-origin callers must be allowed. */
export interface PluginRouteHeaders {
  allow?: string[]
  expose?: string[]
}

/**
 * Paths outside `/api/v1` that plugins serve (`/mcp`), each with a plain Node handler that owns
 * the response. Koa steps aside for them (`ctx.respond = false`), so streams such as SSE work.
 */
export class PluginRoutes {
  private readonly handlers = new Map<string, PluginRouteHandler>()
  private readonly headers = { allow: new Set<string>(), expose: new Set<string>() }

  constructor(private readonly logger: Logger) {}

  add(path: string, handler: PluginRouteHandler, headers: PluginRouteHeaders = {}): void {
    if (!path.startsWith('/') || path.startsWith('/api/') || path === '/socket.io') throw new Error(`A plugin may not serve ${path}`)
    if (this.handlers.has(path)) throw new Error(`${path} is already served by another plugin`)
    for (const name of headers.allow ?? []) this.headers.allow.add(name.toLowerCase())
    for (const name of headers.expose ?? []) this.headers.expose.add(name.toLowerCase())
    this.handlers.set(path, handler)
  }

  /** Whether a plugin serves `path` (its handler owns the response: no request timeout, no workspace page). */
  has(path: string): boolean {
    return this.handlers.has(path)
  }

  /** The headers every plugin route declared, for CORS. */
  corsHeaders(): { allow: string[]; expose: string[] } {
    return { allow: [...this.headers.allow], expose: [...this.headers.expose] }
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
