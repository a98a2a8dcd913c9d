import type { FeathersKoaContext } from '@feathersjs/koa'
import type { RootRoute } from '../http/split-api.js'
import { carriesMetricsToken, metricsNotServedHere } from './metrics-access.js'
import { routeOf, type TroupeMetrics } from './metrics.js'

/**
 * `GET /metrics` on the API's port, in the Prometheus text format: only with `TROUPE_METRICS_TOKEN`
 * set, and then only for `Authorization: Bearer <token>`. Without a token it is not served here
 * (404): the metrics name every tenant, and this port is the one tenants and the public reach.
 */
export function metricsRoute(metrics: TroupeMetrics, token: string | undefined): RootRoute {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics') return next()
    if (!token) {
      ctx.status = 404
      ctx.body = { name: 'NotFound', code: 404, message: metricsNotServedHere }
      return
    }
    if (!carriesMetricsToken(ctx.get('authorization'), token)) {
      ctx.status = 401
      ctx.set('WWW-Authenticate', 'Bearer realm="metrics"')
      ctx.body = { name: 'NotAuthenticated', code: 401, message: 'The metrics token is required' }
      return
    }
    ctx.set('Content-Type', metrics.registry.contentType)
    ctx.body = await metrics.registry.metrics()
  }
}

/** Times every HTTP request by method, route pattern and status. */
export function httpMetrics(metrics: TroupeMetrics) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    const stop = metrics.httpDuration.startTimer()
    try {
      await next()
    } finally {
      stop({ method: ctx.method, route: routeOf(ctx.originalUrl.split('?')[0], ctx.status), status: String(ctx.status) })
    }
  }
}
