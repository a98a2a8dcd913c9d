import type { IncomingMessage, ServerResponse } from 'node:http'
import { Timeout } from '@feathersjs/errors'
import type { FeathersKoaContext } from '@feathersjs/koa'

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined
}

function refuse(req: IncomingMessage, res: ServerResponse, minBytesPerSecond: number) {
  if (res.headersSent) return void req.socket.destroy()
  const body = JSON.stringify(new Timeout(`The request body arrived slower than ${minBytesPerSecond} bytes per second`).toJSON())
  res.writeHead(408, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' })
  // Whoever reads the body (the body parser, a plugin route) sees the request aborted.
  res.end(body, () => req.socket.destroy())
}

function watch(req: IncomingMessage, res: ServerResponse, graceMs: number, minBytesPerSecond: number) {
  const socket = req.socket
  const started = Date.now()
  // The socket's own counter: watching the body's `data` would consume it before its reader.
  const before = socket.bytesRead
  const timer = setInterval(
    () => {
      if (req.complete) return stop()
      const allowedMs = graceMs + ((socket.bytesRead - before) / minBytesPerSecond) * 1000
      if (Date.now() - started <= allowedMs) return
      stop()
      refuse(req, res, minBytesPerSecond)
    },
    Math.min(1000, Math.max(50, Math.floor(graceMs / 4)))
  )
  const stop = () => clearInterval(timer)
  req.once('end', stop)
  res.once('close', stop)
}

/**
 * A request body must keep arriving: it gets `graceMs` to start, then one more second for every
 * `minBytesPerSecond` bytes received (the rule of Apache's mod_reqtimeout). A client trickling
 * slower is answered 408 and its connection closed, instead of holding it until the deadline for
 * the whole request. Runs before anything reads a body (the body parser, `/mcp`).
 */
export function slowBodyGuard(graceMs: number, minBytesPerSecond: number) {
  return async (ctx: FeathersKoaContext, next: () => Promise<unknown>) => {
    if (minBytesPerSecond > 0 && !ctx.req.complete && hasBody(ctx.req)) watch(ctx.req, ctx.res, graceMs, minBytesPerSecond)
    return next()
  }
}
