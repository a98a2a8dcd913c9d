import type { IncomingMessage } from 'node:http'

/**
 * Browsers send `Origin`; a page of another site must not drive a user's MCP session (DNS
 * rebinding, cross-site requests). Allowed: no Origin at all (desktop and server clients), the
 * server's own origin, and the configured list. Hand-written on purpose: the MCP SDK's own check
 * (`allowedOrigins` with `enableDnsRebindingProtection` on the transport) is deprecated in favour
 * of middleware, knows only a fixed list (not "the origin this request came to"), and its
 * replacement (`hostHeaderValidation`) is Express middleware that checks `Host`, not `Origin`.
 */
export function isOriginAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  if (allowedOrigins.includes(origin)) return true
  const host = req.headers.host
  if (!host) return false
  try {
    const parsed = new URL(origin)
    return parsed.host === host && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
  } catch {
    return false
  }
}
