import { FeathersError } from '@feathersjs/errors'
import type { FeathersKoaContext } from '@feathersjs/koa'

class ServiceUnavailable extends FeathersError {
  constructor(message: string) {
    super(message, 'Unavailable', 503, 'unavailable', undefined)
  }
}

/**
 * A request still unanswered after `timeoutMs` gets a 503 instead of hanging the client. Streams
 * are exempt (`isStream`: SSE, MCP, Socket.IO), and so are paths that wait on purpose for longer
 * (`longerFor`: webhooks wait for their flow).
 */
export function requestTimeout(timeoutMs: number, isStream: (path: string) => boolean, longerFor: (path: string) => number | undefined) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    if (isStream(ctx.path)) return next()
    const limit = longerFor(ctx.path) ?? timeoutMs
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), limit)
    })
    // Settles either way, so a failure after the deadline is not an unhandled rejection.
    const settled = next().then(
      () => ({ failed: false as const }),
      (error: unknown) => ({ failed: true as const, error })
    )
    try {
      const outcome = await Promise.race([settled, expired])
      if (outcome === 'expired') {
        if (!ctx.headerSent) {
          ctx.status = 503
          ctx.body = new ServiceUnavailable(`The request took longer than ${limit} ms`).toJSON()
        }
        return
      }
      if (outcome.failed) throw outcome.error
    } finally {
      clearTimeout(timer)
    }
  }
}
