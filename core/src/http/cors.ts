import koaCors from '@koa/cors'
import type { FeathersKoaContext } from '@feathersjs/koa'

type Middleware = (ctx: FeathersKoaContext, next: () => Promise<unknown>) => Promise<unknown>

/**
 * Cross-origin calls only from the configured origins (`TROUPE_CORS_ORIGINS`); any other origin
 * gets no CORS headers, so browsers keep the answer from it. No credentials cross origins: the
 * refresh cookie is for the workspace served by this server. `pluginHeaders` are the headers the
 * plugins' routes declared (read at the first request, once every plugin is set up).
 */
export function corsAllowList(origins: string[], pluginHeaders: () => { allow: string[]; expose: string[] }): Middleware {
  const allowed = new Set(origins)
  let cors: Middleware | undefined
  return (ctx, next) => {
    cors ??= koaCors({
      origin: (ctx) => {
        const origin = ctx.get('origin')
        return allowed.has(origin) ? origin : ''
      },
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['authorization', 'content-type', 'last-event-id', ...pluginHeaders().allow],
      exposeHeaders: ['retry-after', ...pluginHeaders().expose],
      maxAge: 600
    }) as unknown as Middleware
    return cors(ctx, next)
  }
}
