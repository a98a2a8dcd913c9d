import helmet from 'koa-helmet'
import type { FeathersKoaContext } from '@feathersjs/koa'

export interface SecurityHeaderOptions {
  /** Extra `script-src` sources, such as the hash of the workspace's inline import map. */
  scriptSources?: () => string[]
}

/**
 * Security headers on every answer (helmet): a Content Security Policy fit for the web workspace
 * (its own scripts, styles and Socket.IO, no framing by other sites), `nosniff`, a strict
 * referrer policy, and HSTS only when the request came over TLS (directly or, with
 * `TROUPE_TRUST_PROXY`, through the proxy), so plain-HTTP local installs are not locked out.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}) {
  const scriptSources = options.scriptSources ?? (() => [])
  // Building helmet's middleware parses its options: build one per (script sources, TLS) pair, not
  // one per request. The sources only change when the workspace is rebuilt.
  const built = new Map<string, ReturnType<typeof helmet>>()
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    const sources = scriptSources()
    const key = `${ctx.secure}\n${sources.join(' ')}`
    let headers = built.get(key)
    if (!headers) {
      if (built.size > 16) built.clear()
      headers = helmetFor(sources, ctx.secure)
      built.set(key, headers)
    }
    return headers(ctx as never, next)
  }
}

function helmetFor(scriptSources: string[], secure: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scriptSources],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"]
      }
    },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' }
  })
}
