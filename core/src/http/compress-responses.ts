import compress from 'koa-compress'
import type { Middleware } from 'koa'

/** What is worth compressing: text (but event streams), JSON, scripts, SVG and WebAssembly. */
export const compressibleType = /^(text\/(?!event-stream)[a-z0-9.+-]+|application\/(json|javascript|wasm|xml|[a-z0-9.-]+\+(json|xml))|image\/svg\+xml)\s*(;|$)/i

/** Bodies smaller than this go as they are: compressing them costs more than it saves. */
const thresholdBytes = 1024

/**
 * Compresses answers the client accepts compressed (brotli at a quality that keeps up with
 * dynamic answers, else gzip): JSON from the API and the workspace's scripts, styles and pages.
 * Server-Sent Events are never compressed (a compressor would hold events back until its buffer
 * fills): the SSE routes write to the socket themselves, and an event-stream body is excluded
 * anyway. Nothing marked `no-transform` or below 1 KiB is compressed either.
 */
export function compressResponses(): Middleware {
  const compressor = compress({
    threshold: thresholdBytes,
    filter: (contentType: string) => compressibleType.test(contentType),
    deflate: false
  })
  // A client that accepts no encoding (webhook callers, most scripts) costs nothing more: the
  // compressor would measure every JSON body (a JSON.stringify) before finding it cannot encode.
  return (ctx, next) => {
    if (ctx.get('accept-encoding')) return compressor(ctx, next)
    ctx.vary('Accept-Encoding')
    return next()
  }
}
