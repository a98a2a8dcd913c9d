import type { Logger } from 'pino'
import type { Application } from '../declarations.js'

// A client that went away or was cut off mid-request: routine, and what a slow or flooding client
// causes by the thousand, so never an error line of its own.
const clientGone = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP_REQUEST_TIMEOUT'])

/**
 * Failures Koa meets after the error middleware is done, while a response is streamed (a client
 * closing an SSE stream, a request cut off by the receive deadlines). Without a listener Koa
 * prints each one's stack on stderr.
 */
export function logLateErrors(app: Application, logger: Logger): void {
  app.on('error', (error: Error & { code?: string }) => {
    if (error.code && clientGone.has(error.code)) logger.debug({ err: error }, 'client went away')
    else logger.error({ err: error }, 'response failed')
  })
}
