import koaCors from '@koa/cors'
import type { FeathersKoaContext } from '@feathersjs/koa'

/**
 * Cross-origin calls only from the configured origins (`TROUPE_CORS_ORIGINS`); any other origin
 * gets no CORS headers, so browsers keep the answer from it. No credentials cross origins: the
 * refresh cookie is for the workspace served by this server.
 */
export function corsAllowList(origins: string[]) {
  const allowed = new Set(origins)
  return koaCors({
    origin: (ctx) => {
      const origin = ctx.get('origin')
      return allowed.has(origin) ? origin : ''
    },
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['authorization', 'content-type', 'last-event-id', 'mcp-session-id', 'mcp-protocol-version'],
    exposeHeaders: ['retry-after', 'mcp-session-id'],
    maxAge: 600
  }) as unknown as (ctx: FeathersKoaContext, next: () => Promise<unknown>) => Promise<unknown>
}
