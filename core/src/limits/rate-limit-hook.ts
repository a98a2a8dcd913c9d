import { NotAuthenticated } from '@feathersjs/errors'
import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../declarations.js'

const ipKey = (context: HookContext) => `ip:${(context.params as { ip?: string }).ip ?? 'unknown'}`

/**
 * A session renewal (`POST /authentication {strategy: 'refresh', refreshToken}`, the web
 * workspace's silent sign-in on every page load) carries a credential in its body: like a bearer
 * token it is counted only when refused. Counted up front it spent the IP's anonymous budget, so
 * brisk reloads (or an office behind one address) signed users out with a 429.
 */
function renewsSession(context: HookContext): boolean {
  const data = context.data as { strategy?: unknown; refreshToken?: unknown } | undefined
  return context.path === 'authentication' && context.method === 'create' && data?.strategy === 'refresh' && typeof data.refreshToken === 'string' && data.refreshToken !== ''
}

/**
 * Before authentication: calls without credentials (public methods, anonymous attempts) count
 * against the client's IP, and so does every failed authentication, so guessing tokens costs.
 */
export async function limitAnonymousCalls(context: HookContext, next: NextFunction) {
  const { params, app } = context
  if (!params.provider) return next()
  const hasCredentials = Boolean(params.authentication || params.principal) || renewsSession(context)
  if (!hasCredentials) await app.get('rateLimiters').request(ipKey(context))
  try {
    return await next()
  } catch (error) {
    if (hasCredentials && error instanceof NotAuthenticated) await app.get('rateLimiters').request(ipKey(context))
    throw error
  }
}

/** After authentication: every call counts against its user (and its API key), over REST, Socket.IO and MCP alike. */
export async function limitAuthenticatedCalls(context: HookContext, next: NextFunction) {
  const { params, app } = context
  const principal = params.principal
  if (params.provider && principal) {
    await app.get('rateLimiters').callOf(principal)
  }
  return next()
}
