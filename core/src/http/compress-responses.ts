import compress from 'koa-compress'
import type { Middleware } from 'koa'

/** What is worth compressing: text (but event streams), JSON, scripts, SVG and WebAssembly. */
export const compressibleType = /^(text\/(?!event-stream)[a-z0-9.+-]+|application\/(json|javascript|wasm|xml|[a-z0-9.-]+\+(json|xml))|image\/svg\+xml)\s*(;|$)/i

/** The server's own paths: their answers are not compressed (see below). */
const apiPaths = /^\/(api|socket\.io|health|metrics|mcp)(\/|$)/

/** Bodies smaller than this go as they are: compressing them costs more than it saves. */
const thresholdBytes = 1024

/**
 * Compresses the web workspace's files for clients that accept it (brotli at quality 4, else
 * gzip): its pages, scripts and styles, about two thirds of what a first visit downloads.
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
  // Only the workspace's files: API answers stay as they are. Compressing them (JSON of up to a
  // few hundred KiB, per call) doubled the slowest health check while a poison run kept the event
  // loop busy (~300 → ~650 ms; past the 2 s bound once under the full test suite), in a streamed
  // or an at-once variant alike. The workspace reads the API over Socket.IO anyway.
  return (ctx, next) => {
    if (ctx.get('accept-encoding') && !apiPaths.test(ctx.path)) return compressor(ctx, next)
    return next()
  }
}
