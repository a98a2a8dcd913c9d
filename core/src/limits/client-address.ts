import ipaddr from 'ipaddr.js'
import type { FeathersKoaContext } from '@feathersjs/koa'

/**
 * Puts the client's address into the params of every REST call (`params.ip`). Koa reads
 * `X-Forwarded-For` only when the app trusts its proxy (`TROUPE_TRUST_PROXY`).
 */
export function clientAddress() {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    ctx.feathers = { ...ctx.feathers, ip: ctx.ip } as typeof ctx.feathers
    return next()
  }
}

/** The address of a Socket.IO client: the proxy's `X-Forwarded-For` (first hop) when trusted, else the peer. */
export function socketAddress(handshake: { address: string; headers: Record<string, string | string[] | undefined> }, trustProxy: boolean): string {
  const forwarded = handshake.headers['x-forwarded-for']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim()
  return trustProxy && first ? first : handshake.address
}

/**
 * The key a client address is capped under: an IPv4 address as itself (also when it arrives
 * IPv4-mapped, `::ffff:a.b.c.d`), an IPv6 address by its /64, the block one subscriber is
 * usually given, so that walking through it does not multiply the cap.
 */
export function addressKey(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return address || 'unknown'
  const parsed = ipaddr.process(address)
  if (parsed.kind() === 'ipv4') return parsed.toString()
  return `${(parsed as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':')}::/64`
}
