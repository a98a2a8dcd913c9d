import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import { BadRequest } from '@feathersjs/errors'
import { PayloadTooLarge } from '../../limits/payload-too-large.js'

function tooLarge(limit: number) {
  return new PayloadTooLarge(`The request body is larger than this webhook's limit of ${limit} bytes`, { limit })
}

/**
 * The raw bytes of a request body of at most `limit` bytes. A longer body is refused as soon as
 * its declared length, or the bytes received so far, pass the limit: the rest is never read, and
 * the stream is paused rather than destroyed so the 413 can still be answered. (`raw-body` does
 * the same but is not a dependency of the core; the part needed here is this.)
 */
export function readLimitedBody(request: Readable & { headers: IncomingHttpHeaders; complete: boolean }, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'])
  if (declared > limit) return Promise.reject(tooLarge(limit))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const settle = (outcome: () => void) => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', onError)
      request.off('close', onClose)
      outcome()
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received <= limit) return void chunks.push(chunk)
      request.pause()
      settle(() => reject(tooLarge(limit)))
    }
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, received)))
    const onError = (error: Error) => settle(() => reject(error))
    const onClose = () => {
      if (!request.complete) settle(() => reject(new BadRequest('The request body was cut off before its end')))
    }
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', onError)
    request.on('close', onClose)
  })
}
