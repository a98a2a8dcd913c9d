import { FeathersError, GeneralError, NotFound, BadRequest, Timeout } from '@feathersjs/errors'
import type { FeathersKoaContext } from '@feathersjs/koa'
import type { Logger } from 'pino'

class PayloadTooLarge extends FeathersError {
  constructor(message: string) {
    super(message, 'PayloadTooLarge', 413, 'payload-too-large', undefined)
  }
}

/** Errors raised outside a service call (body parsing, unknown paths) as Feathers errors. */
function toFeathersError(error: unknown): FeathersError | undefined {
  if (error instanceof FeathersError) return error
  const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode
  if (status === 413) return new PayloadTooLarge('Request body is larger than the 10 MiB limit')
  if (status === 400) return new BadRequest(`Malformed request body: ${(error as Error).message}`)
  if (status === 415) return new FeathersError('Unsupported content type', 'UnsupportedMediaType', 415, 'unsupported-media-type', undefined)
  // Node cut off a request that took longer than TROUPE_BODY_TIMEOUT_MS to arrive: the client's doing.
  if ((error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT') return new Timeout('The request took too long to arrive')
  return undefined
}

/**
 * Every HTTP error answers as Feathers JSON; an unexpected error (a 500) never reveals internals
 * and is logged. Deliberate 5xx answers (a webhook's flow failed: 502; a provider unavailable:
 * 503) pass as they are: the service chose their words, and a tenant's failing flow is not an
 * error of the server's to log.
 */
export function errorMiddleware(logger: Logger) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    try {
      await next()
      if (ctx.body === undefined && ctx.status === 404) throw new NotFound(`Path ${ctx.path} not found`)
    } catch (error) {
      let feathersError = toFeathersError(error)
      if (!feathersError || feathersError.code === 500) {
        if (!feathersError || !(feathersError instanceof GeneralError && feathersError.message === 'Internal server error')) {
          logger.error({ err: error, path: ctx.path, method: ctx.method }, 'request failed')
        }
        feathersError = new GeneralError('Internal server error')
      }
      ctx.status = feathersError.code
      ctx.body = feathersError.toJSON()
      const retryAfter = (feathersError.data as { retryAfter?: unknown } | undefined)?.retryAfter
      if (feathersError.code === 429 && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter))
    }
  }
}
