import { safeNextPath } from '@troupe/mfe-kit'

/** Pages an anonymous visitor may see; everything else asks to log in first. */
export const publicPaths = ['/login', '/signup', '/password-reset', '/invitations/accept']

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((path) => pathname === path || pathname.startsWith(`${path}/`))
}

/** Where a visit to `url` must go instead, or undefined when it may proceed. */
export function redirectFor(url: URL, authenticated: boolean): string | undefined {
  const publicPage = isPublicPath(url.pathname)
  if (!authenticated && !publicPage) {
    const next = `${url.pathname}${url.search}`
    return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`
  }
  if (authenticated && publicPage) return safeNextPath(url.searchParams.get('next'))
  return undefined
}
