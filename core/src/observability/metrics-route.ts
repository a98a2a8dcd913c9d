import { timingSafeEqual } from 'node:crypto'
import type { FeathersKoaContext } from '@feathersjs/koa'
import type { RootRoute } from '../http/split-api.js'
import { routeOf, type TroupeMetrics } from './metrics.js'

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** `GET /metrics` in the Prometheus text format; with `TROUPE_METRICS_TOKEN`, only for `Authorization: Bearer <token>`. */
export function metricsRoute(metrics: TroupeMetrics, token: string | undefined): RootRoute {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics') return next()
    if (token && !sameText(ctx.get('authorization'), `Bearer ${token}`)) {
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
