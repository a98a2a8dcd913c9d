import type { FeathersKoaContext } from '@feathersjs/koa'
import * as client from 'openid-client'
import { restPrefix } from '@troupe/sdk'
import { appendAudit } from '../../audit/audit-entry.js'
import { auditSession } from '../../audit/audit-authentication.js'
import type { Application } from '../../declarations.js'
import { refreshCookieName, refreshCookiePath } from '../../http/refresh-cookie.js'
import { tenantSchemaName } from '../../db/tenant-schema.js'
import { isUuid } from '../../validation/is-uuid.js'
import { loadPrincipal } from '../load-principal.js'
import { hashToken, randomToken } from '../secure-token.js'
import { findSsoOptions } from './find-sso-options.js'
import { SsoRefusal, userForClaims } from './sso-sign-in.js'
import { findTenantSso } from './tenant-sso.js'

/** How long a browser may take at the identity provider. */
const pendingTtlMs = 10 * 60_000
/** Ties the return to the browser that left (login CSRF): Lax, so the provider's redirect back carries it. */
const browserCookie = 'troupe_sso'
const browserCookiePath = `${restPrefix}/sso`
const callbackPath = `${restPrefix}/sso/callback`

/** The redirect URI to register at the provider. */
export const ssoRedirectUri = (publicUrl: string) => `${publicUrl}${callbackPath}`

/**
 * `GET /api/v1/sso/start?tenant=` and `GET /api/v1/sso/callback`: OIDC authorization code flow
 * with PKCE (S256), state and nonce kept server-side (single use, ten minutes) and bound to the
 * browser by a cookie. A successful callback starts a session as a password login does, sets the
 * workspace's refresh cookie and sends the browser to the workspace, which signs in with it as on
 * a reload. Every failure goes back to `/login?sso_error=<code>`; its reason is logged and audited
 * (never a token or code).
 */
export function ssoRoutes(app: Application) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    if (ctx.method !== 'GET' || (ctx.path !== '/sso/start' && ctx.path !== '/sso/callback')) return next()
    // Both doors are anonymous: each call counts against the client's address, as a login does.
    await app.get('rateLimiters').request(`ip:${ctx.ip}`)
    ctx.set('Cache-Control', 'no-store')
    const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: browserCookiePath, secure: ctx.secure, overwrite: true }
    let tenantId: string | undefined
    try {
      if (ctx.path === '/sso/start') {
        tenantId = await tenantToStart(app, String(ctx.query.tenant ?? ''))
        const browser = randomToken()
        ctx.redirect(await startLogin(app, tenantId, hashToken(browser)))
        ctx.cookies.set(browserCookie, browser, { ...cookieOptions, maxAge: pendingTtlMs })
      } else {
        const browser = ctx.cookies.get(browserCookie)
        ctx.cookies.set(browserCookie, null, cookieOptions)
        const signedIn = await finishLogin(app, ctx, browser)
        tenantId = signedIn.tenantId
        ctx.redirect('/')
      }
    } catch (error) {
      const refusal = error instanceof SsoRefusal ? error : new SsoRefusal('sso_unavailable', describe(error))
      tenantId ??= (error as { tenantId?: string }).tenantId
      app.get('logger').warn({ tenantId, code: refusal.code, reason: refusal.reason, ip: ctx.ip }, 'SSO sign-in refused')
      // Only a tenant that exists has an audit log (a start may name any id).
      if (tenantId && (await app.get('models').Tenant.query().findById(tenantId))) {
        await appendAudit(app.get('knex'), tenantSchemaName(tenantId), undefined, {
          action: 'sso.failed',
          service: 'sso',
          method: ctx.path === '/sso/start' ? 'start' : 'callback',
          ip: ctx.ip,
          outcome: 'failure',
          error: `${refusal.code}: ${refusal.reason}`
        })
      }
      ctx.redirect(`/login?sso_error=${refusal.code}`)
    }
  }
}

/** openid-client's errors name what failed (a claim, an HTTP status) and carry no token in their message. */
function describe(error: unknown): string {
  const { message, code } = error as { message?: string; code?: string }
  return [code, message].filter(Boolean).join(': ').slice(0, 500) || 'unknown error'
}

async function tenantToStart(app: Application, tenant: string): Promise<string> {
  if (!tenant) throw new SsoRefusal('sso_unavailable', 'No tenant named')
  if (isUuid(tenant)) return tenant.toLowerCase()
  const options = await findSsoOptions(app.get('knex'), tenant.slice(0, 320))
  if (options.length === 0) throw new SsoRefusal('sso_unavailable', 'No tenant offers SSO for what was named')
  if (options.length > 1) throw new SsoRefusal('sso_ambiguous', 'Several tenants match; start with a tenant id')
  return options[0]!.tenantId
}

async function startLogin(app: Application, tenantId: string, browserHash: string): Promise<string> {
  const settings = await findTenantSso(app.get('knex'), tenantId)
  if (!settings) throw new SsoRefusal('sso_unavailable', 'The tenant has no SSO')
  const configuration = await app.get('ssoIssuers').of(settings)
  const codeVerifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const redirectUri = ssoRedirectUri(app.get('config').publicUrl)
  await app.get('ssoStates').put(state, { tenantId, codeVerifier, nonce, browserHash, redirectUri }, pendingTtlMs)
  return client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: settings.groupsClaim ? 'openid email profile groups' : 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce
  }).href
}

async function finishLogin(app: Application, ctx: FeathersKoaContext, browser: string | undefined) {
  const state = typeof ctx.query.state === 'string' ? ctx.query.state : ''
  const pending = state ? await app.get('ssoStates').take(state) : undefined
  if (!pending) throw new SsoRefusal('sso_state', 'Unknown, expired or already used state')
  if (!browser || hashToken(browser) !== pending.browserHash) {
    throw Object.assign(new SsoRefusal('sso_state', 'The state was started in another browser'), { tenantId: pending.tenantId })
  }
  const { tenantId } = pending
  try {
    if (typeof ctx.query.error === 'string') throw new SsoRefusal('sso_denied', `The provider answered ${ctx.query.error.slice(0, 100)}`)
    const settings = await findTenantSso(app.get('knex'), tenantId)
    if (!settings) throw new SsoRefusal('sso_unavailable', 'The tenant has no SSO any more')
    const configuration = await app.get('ssoIssuers').of(settings)
    const currentUrl = new URL(`${pending.redirectUri}${ctx.search}`)
    let claims
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true
      })
      claims = tokens.claims()
    } catch (error) {
      throw new SsoRefusal('sso_token', describe(error))
    }
    if (!claims) throw new SsoRefusal('sso_token', 'No ID token')
    const { userId, created } = await userForClaims(app, settings, claims)
    const models = app.get('models')
    const { principal } = await loadPrincipal(models, { userId })
    const session = await app.service('authentication').startSession(principal)
    const config = app.get('config')
    ctx.cookies.set(refreshCookieName, session.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      path: refreshCookiePath,
      secure: ctx.secure,
      overwrite: true,
      maxAge: config.refreshTokenTtlSeconds * 1000
    })
    // An admin got in through this very configuration: password login may now be switched off.
    if (principal.role === 'admin') {
      await app.get('knex')('tenantSso').withSchema('public').where({ tenantId, updatedAt: settings.updatedAt }).update({ verifiedAt: new Date() })
    }
    if (created) {
      await appendAudit(app.get('knex'), principal.tenantSchema, principal, {
        action: 'sso.provisioned',
        service: 'users',
        method: 'create',
        recordId: userId,
        ip: ctx.ip,
        outcome: 'success',
        details: { role: principal.role }
      })
    }
    await auditSession(app.get('knex'), principal, 'login', ctx.ip)
    return { tenantId }
  } catch (error) {
    throw Object.assign(error as Error, { tenantId })
  }
}
