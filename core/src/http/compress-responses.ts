import compress from 'koa-compress'
import type { Middleware } from 'koa'
import { constants } from 'node:zlib'

/** What is worth compressing: text (but event streams), JSON, scripts, SVG and WebAssembly. */
export const compressibleType = /^(text\/(?!event-stream)[a-z0-9.+-]+|application\/(json|javascript|wasm|xml|[a-z0-9.-]+\+(json|xml))|image\/svg\+xml)\s*(;|$)/i

/**
 * Compresses the files the workspace route sends, for clients that accept it (brotli at quality
 * 4, else gzip; 1 KiB or more): its pages, scripts and styles, about two thirds of what a first
 * visit downloads. API answers have their own, cheaper settings (`compressApiAnswers`).
 */
export function compressFiles(): Middleware {
  return compress({
    threshold: 1024,
    filter: (contentType: string) => compressibleType.test(contentType),
    deflate: false
  })
}

/**
 * Compresses API answers of 8 KiB or more (flows, pages of executions and events) for clients
 * that accept it, at the cheapest settings (brotli quality 1, else gzip level 1): most of the
 * saving at a fraction of the CPU, done on libuv's threads, never the event loop. Paths under
 * `skip` (webhooks: small answers on the hottest path) are left alone without negotiating.
 */
export function compressApiAnswers(skip: string): Middleware {
  const compressed = compress({
    threshold: 8 * 1024,
    filter: (contentType: string) => compressibleType.test(contentType),
    br: { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } },
    gzip: { level: 1 },
    deflate: false
  })
  return (ctx, next) => (ctx.path.startsWith(skip) ? next() : compressed(ctx, next))
}
