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
