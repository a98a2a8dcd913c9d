import { BadRequest } from '@feathersjs/errors'
import type { FeathersKoaContext } from '@feathersjs/koa'

/**
 * Only canonical paths are served: no empty, `.` or `..` segments (also percent-encoded), no
 * encoded slashes or backslashes, and the API prefix only in lower case. A variant such as
 * `/API/V1/FLOWS`, `/api/v1//flows` or `/api/v1/x/../flows` is refused instead of being
 * resolved differently by different layers.
 */
export function canonicalPath() {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    const raw = ctx.url.split('?')[0]
    const segments = raw.split('/').slice(1)
    const bad =
      /%2f|%5c|\\/i.test(raw) ||
      segments.some((segment, index) => {
        const decoded = safeDecode(segment)
        return decoded === '.' || decoded === '..' || (segment === '' && index < segments.length - 1)
      }) ||
      (/^\/api\//i.test(raw) && !raw.startsWith('/api/'))
    if (bad) {
      ctx.status = 400
      ctx.body = new BadRequest(`Path ${raw} is not canonical`).toJSON()
      return
    }
    return next()
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
