import { createHash, timingSafeEqual } from 'node:crypto'
import { Forbidden, NotAuthenticated } from '@feathersjs/errors'
import { servicePaths } from '@troupe/sdk'
import { authenticateBearer } from '../../auth/authenticate-bearer.js'
import { tenantSchemaName } from '../../db/tenant-schema.js'
import type { Application } from '../../declarations.js'
import { defineAbility } from '../../rbac/define-ability.js'
import type { WebhookRoute } from './webhook-route-cache.js'

export const webhookSecretHeader = 'x-troupe-webhook-secret'

/** The static secret of `X-Troupe-Webhook-Secret`, compared through its SHA-256 in constant time. */
export function checkStaticSecret(given: string | undefined, expectedHash: string): void {
  const hash = createHash('sha256')
    .update(given ?? '')
    .digest()
  if (!given || !timingSafeEqual(hash, Buffer.from(expectedHash, 'hex'))) {
    throw new NotAuthenticated(`Missing or wrong ${webhookSecretHeader} header`)
  }
}

/**
 * A webhook is public, but a call that brings credentials (`Authorization`) is held to them: they
 * must be valid, and be those of someone who may run the flow (an admin or member of its tenant,
 * through a key not narrowed below that). A viewer's key or token therefore never runs a flow
 * through its webhook. The call counts against that user's request budget.
 */
export async function checkWebhookCaller(app: Application, authorization: string | undefined, route: WebhookRoute): Promise<void> {
  if (!authorization) return
  const caller = await authenticateBearer(app, authorization, 'rest')
  if (!caller) {
    throw new NotAuthenticated("The Authorization header of this webhook call holds no valid API key or access token: leave it out, or send a member's or admin's of the flow's tenant")
  }
  const { principal } = caller
  if (principal.tenantId !== route.tenantId) throw new Forbidden("These credentials are not of the flow's tenant: leave them out of webhook calls")
  const ability = defineAbility({ ...principal, tenantSchema: tenantSchemaName(principal.tenantId) }, app.get('permissions'))
  if (!ability.can('create', servicePaths.executions)) throw new Forbidden(`A ${principal.role} may not run flows, through their webhooks neither`)
  await app.get('rateLimiters').request(`user:${principal.userId}`)
}
