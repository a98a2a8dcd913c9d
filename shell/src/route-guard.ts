import { safeNextPath } from '@troupe/mfe-kit'

/** Pages an anonymous visitor may see; everything else asks to log in first. */
export const publicPaths = ['/login', '/signup', '/password-reset', '/invitations/accept']

/** Pages for anyone, signed in or not (a mailed link opened in whichever browser). */
export const openPaths = ['/verify-email']

const under = (pathname: string) => (path: string) => pathname === path || pathname.startsWith(`${path}/`)

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some(under(pathname))
}

/** Where a visit to `url` must go instead, or undefined when it may proceed. */
export function redirectFor(url: URL, authenticated: boolean): string | undefined {
  if (openPaths.some(under(url.pathname))) return undefined
  const publicPage = isPublicPath(url.pathname)
  if (!authenticated && !publicPage) {
    const next = `${url.pathname}${url.search}`
    return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`
  }
  if (authenticated && publicPage) return safeNextPath(url.searchParams.get('next'))
  return undefined
}
