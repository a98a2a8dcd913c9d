import compose from 'koa-compose'
import type { FeathersKoaContext } from '@feathersjs/koa'
import { restPrefix } from '@troupe/sdk'

export type RootRoute = (ctx: FeathersKoaContext, next: () => Promise<unknown>) => unknown

/**
 * Services are served only under `/api/v1`: the prefix is stripped for the Feathers REST layer.
 * Every other path goes to the root routes (health, metrics, MCP, the web workspace) and never
 * reaches a service.
 */
export function splitApi(rootRoutes: RootRoute[]) {
  let handleRoot: ReturnType<typeof compose> | undefined
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    if (ctx.path === restPrefix || ctx.path.startsWith(`${restPrefix}/`)) {
      ctx.path = ctx.path.slice(restPrefix.length) || '/'
      return next()
    }
    handleRoot ??= compose(rootRoutes as never[])
    return handleRoot(ctx as never, async () => undefined)
  }
}
