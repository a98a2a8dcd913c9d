import { restPrefix, servicePaths } from '@troupe/sdk'
import type { RootRoute } from './split-api.js'

/** `GET /`: where the API lives, until the web workspace is served here. */
export function apiIndexRoute(): RootRoute {
  return async (ctx, next) => {
    if (ctx.path !== '/' || ctx.method !== 'GET') return next()
    ctx.body = {
      name: 'troupe',
      api: restPrefix,
      socket: '/socket.io',
      services: Object.values(servicePaths).map((path) => `${restPrefix}/${path}`)
    }
  }
}
