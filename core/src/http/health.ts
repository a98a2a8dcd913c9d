import type { Application } from '../declarations.js'
import type { RootRoute } from './split-api.js'

/** `GET /health`: liveness and readiness (the database answers). */
export function healthRoute(app: Application): RootRoute {
  return async (ctx, next) => {
    if (ctx.path !== '/health') return next()
    try {
      await app.get('knex').raw('select 1')
      ctx.body = { status: 'ok', database: 'ok' }
    } catch {
      ctx.status = 503
      ctx.body = { status: 'unavailable', database: 'unreachable' }
    }
  }
}
