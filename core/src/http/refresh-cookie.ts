import type { FeathersKoaContext } from '@feathersjs/koa'

/** The request header by which the web workspace asks for the refresh token as a cookie. */
export const refreshCookieHeader = 'x-troupe-refresh-cookie'
export const refreshCookieName = 'troupe_refresh'
/** The only path the browser sends the cookie to: the authentication service. */
export const refreshCookiePath = '/api/v1/authentication'

type Body = Record<string, unknown> | undefined

/**
 * For the web workspace: the refresh token never reaches JavaScript. On login, signup and
 * accepting an invitation (with `X-Troupe-Refresh-Cookie: 1`) it moves from the answer into an HttpOnly, SameSite=Strict cookie
 * scoped to the authentication path; a refresh call without a token in its body uses the cookie
 * and rotates it; logout and a refused refresh (401, not a 429 or a server error) clear it. The cookie is honoured by nothing else,
 * and only with the custom header (which a cross-site form cannot send): CSRF-safe by construction.
 * Runs after the `/api/v1` prefix is stripped.
 */
export function refreshCookie(maxAgeSeconds: number) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    const isAuthentication = ctx.path === '/authentication' || ctx.path.startsWith('/authentication/')
    const isSignup = (ctx.path === '/signup' || ctx.path === '/invitation-acceptances') && ctx.method === 'POST'
    if ((!isAuthentication && !isSignup) || ctx.get(refreshCookieHeader) !== '1') return next()

    const body = ctx.request.body as Body
    const refreshing = isAuthentication && ctx.method === 'POST' && body?.strategy === 'refresh' && body.refreshToken === undefined
    if (refreshing) body!.refreshToken = ctx.cookies.get(refreshCookieName) ?? ''
    const options = { httpOnly: true, sameSite: 'strict' as const, path: refreshCookiePath, secure: ctx.secure, overwrite: true }
    try {
      await next()
    } catch (error) {
      // Only a refused token ends the session: a 429 or a server error leaves the cookie to retry with.
      if (refreshing && (error as { code?: unknown }).code === 401) ctx.cookies.set(refreshCookieName, null, options)
      throw error
    }
    const answer = ctx.body as Body
    if (isAuthentication && ctx.method === 'DELETE') {
      ctx.cookies.set(refreshCookieName, null, options)
    } else if (answer && typeof answer.refreshToken === 'string' && ctx.status < 300) {
      ctx.cookies.set(refreshCookieName, answer.refreshToken, { ...options, maxAge: maxAgeSeconds * 1000 })
      const { refreshToken: _moved, ...rest } = answer
      ctx.body = rest
    } else if (refreshing && ctx.status === 401) {
      ctx.cookies.set(refreshCookieName, null, options)
    }
  }
}
