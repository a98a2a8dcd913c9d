import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FeathersKoaContext } from '@feathersjs/koa'
import type { Application } from '../declarations.js'
import { buildOpenApiDocument } from '../openapi/build-openapi-document.js'

/** Under the API prefix, which `splitApi` has taken off. */
export const openApiDocumentPath = '/openapi.json'

const serverVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

/**
 * `GET /api/v1/openapi.json` (public): the OpenAPI 3.1 description of the REST API. Built on the
 * first request, once every plugin has registered its services, and kept: what is registered does
 * not change while the server runs. Shared caches may keep it a few minutes; an `ETag` lets
 * clients revalidate. Large, so the API's compression applies. Mounted after `splitApi`; every
 * other method or path passes on (and an unknown one stays a 404).
 */
export function openApiDocumentRoute(app: Application) {
  let built: { body: string; etag: string } | undefined
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    if (ctx.path !== openApiDocumentPath || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next()
    if (!built) {
      const body = JSON.stringify(buildOpenApiDocument({ services: app.get('serviceDescriptors').list(), version: serverVersion }))
      built = { body, etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }
    }
    ctx.status = 200
    ctx.set('cache-control', 'public, max-age=300')
    ctx.etag = built.etag
    if (ctx.fresh) {
      ctx.status = 304
      return
    }
    ctx.type = 'application/json; charset=utf-8'
    ctx.body = built.body
  }
}
