import compress from 'koa-compress'
import type { Middleware } from 'koa'

/** What is worth compressing: text (but event streams), JSON, scripts, SVG and WebAssembly. */
export const compressibleType = /^(text\/(?!event-stream)[a-z0-9.+-]+|application\/(json|javascript|wasm|xml|[a-z0-9.-]+\+(json|xml))|image\/svg\+xml)\s*(;|$)/i

/**
 * Compresses the files the workspace route sends, for clients that accept it (brotli at quality
 * 4, else gzip; 1 KiB or more): its pages, scripts and styles, about two thirds of what a first
 * visit downloads. API answers are not compressed: compressing them (JSON of up to a few hundred
 * KiB per call, streamed or at once) doubled the slowest health check while a poison run kept the
 * event loop busy (~300 → ~650 ms; past the 2 s bound once under the full test suite), and the
 * workspace reads the API over Socket.IO anyway.
 */
export function compressFiles(): Middleware {
  return compress({
    threshold: 1024,
    filter: (contentType: string) => compressibleType.test(contentType),
    deflate: false
  })
}
