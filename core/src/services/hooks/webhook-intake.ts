import { MethodNotAllowed, NotAuthenticated, NotFound } from '@feathersjs/errors'
import type { FeathersKoaContext } from '@feathersjs/koa'
import { servicePaths } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { isUuid } from '../../validation/is-uuid.js'
import { parseWebhookBody, unsupportedBody, type WebhookBodyKind } from './parse-webhook-body.js'
import { readLimitedBody } from './read-limited-body.js'
import { checkStaticSecret, checkWebhookCaller, webhookSecretHeader } from './webhook-caller.js'
import type { WebhookRoute } from './webhook-route-cache.js'
import { checkSignature, checkSignedTimestamp, signatureHeader, signingSecretContext, timestampHeader } from './webhook-signature.js'
import type { WebhooksService } from './webhooks.js'

/** What the intake hands the webhooks service (`params.webhook`): only calls that passed it run. */
export interface AdmittedWebhookCall {
  route: WebhookRoute
}

/** The body format from `Content-Type`, decided before anything is read. */
function bodyKind(ctx: FeathersKoaContext): WebhookBodyKind | undefined {
  const encoding = ctx.get('content-encoding')
  if (encoding && encoding !== 'identity') throw unsupportedBody(`a ${encoding}-encoded body`)
  const type = ctx.request.type.toLowerCase()
  if (type === 'application/json' || type.endsWith('+json')) return 'json'
  if (type === 'application/x-www-form-urlencoded') return 'form'
  if (type.startsWith('text/')) return 'text'
  const hasBody = ctx.get('transfer-encoding') !== '' || Number(ctx.get('content-length') || 0) > 0
  if (type || hasBody) throw unsupportedBody(type || 'a body without Content-Type')
  return undefined
}

/**
 * Admits one call, cheapest refusals first: unknown webhook (404), the flow's and tenant's call
 * rates (429), the static secret and the signature's timestamp (401), credentials when the call
 * brings some (401/403), the body's type (415); only then is the body read, within the tenant's size limit (413), its
 * signature checked against the raw bytes and remembered against replays (401), and parsed.
 */
async function admit(app: Application, ctx: FeathersKoaContext, flowId: string): Promise<AdmittedWebhookCall> {
  const route = isUuid(flowId) ? await (app.service(servicePaths.hooks) as unknown as WebhooksService).routes.get(flowId) : undefined
  if (!route) throw new NotFound(`No webhook for flow ${flowId}`)
  const limits = await app.get('tenantLimits').get(route.tenantId)
  await app.get('webhookRateLimiter').consume(route.tenantId, route.flowId, { perFlow: limits.webhookFlowRateLimitPerMinute, perTenant: limits.webhookRateLimitPerMinute })
  if (route.secretHash) checkStaticSecret(ctx.get(webhookSecretHeader) || undefined, route.secretHash)
  const tolerance = app.get('config').webhookSignatureToleranceSeconds
  const timestamp = route.signingSecret ? checkSignedTimestamp(ctx.get(timestampHeader) || undefined, Date.now(), tolerance) : undefined
  await checkWebhookCaller(app, ctx.get('authorization') || undefined, route)
  const kind = bodyKind(ctx)
  const raw = await readLimitedBody(ctx.req, limits.webhookMaxBodyBytes)
  if (route.signingSecret) {
    const secret = app.get('secretBox').decrypt(route.signingSecret, signingSecretContext(route.tenantId, route.flowId))
    const signature = checkSignature(ctx.get(signatureHeader) || undefined, secret, timestamp!, raw)
    // A timestamp is accepted from `tolerance` before now to `tolerance` after: so long is a signature live.
    if (!(await app.get('seenSignatures').firstSighting(`${route.flowId}:${signature}`, 2 * tolerance * 1000))) {
      throw new NotAuthenticated('This signed call was already received: each signature is accepted once')
    }
  }
  ;(ctx.request as { body?: unknown }).body = parseWebhookBody(raw, kind)
  return { route }
}

/**
 * `POST /api/v1/hooks/:flowId` reads its own body, with its tenant's limits, before the body
 * parser of the rest of the API could (which reads up to 10 MiB before anything is routed), and
 * keeps the raw bytes for the signature. Mounted after `splitApi`, before the body parser.
 */
export function webhookIntake(app: Application) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    if (ctx.method !== 'POST' || !ctx.path.startsWith(`/${servicePaths.hooks.split('/')[0]}/`)) return next()
    const lookup = app.lookup(ctx.path)
    if (!lookup || lookup.service !== (app.service(servicePaths.hooks) as unknown)) return next()
    try {
      if (lookup.params.__id !== undefined) throw new MethodNotAllowed('A webhook is called with POST /api/v1/hooks/:flowId')
      ctx.feathers = { ...ctx.feathers, webhook: await admit(app, ctx, String(lookup.params.flowId)) } as typeof ctx.feathers
    } catch (error) {
      // An unread body is not read just to be thrown away: the connection closes after the answer.
      if (!ctx.req.complete) ctx.set('Connection', 'close')
      // Failed authentication costs the client's IP, as everywhere else.
      if (error instanceof NotAuthenticated) await app.get('rateLimiters').request(`ip:${ctx.ip}`)
      throw error
    }
    return next()
  }
}
