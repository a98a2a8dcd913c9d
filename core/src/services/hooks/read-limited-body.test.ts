import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readLimitedBody } from './read-limited-body.js'

/** A request body stream as the HTTP server hands it over. */
function request(headers: Record<string, string> = {}) {
  const stream = new PassThrough() as PassThrough & { headers: Record<string, string>; complete: boolean }
  stream.headers = headers
  stream.complete = false
  stream.on('end', () => (stream.complete = true))
  return stream
}

describe('readLimitedBody', () => {
  it('answers the exact bytes of a body within the limit', async () => {
    const body = request()
    const read = readLimitedBody(body, 10)
    body.write(Buffer.from([0xff, 0x00]))
    body.end(Buffer.from('abc'))
    expect(await read).toEqual(Buffer.from([0xff, 0x00, 0x61, 0x62, 0x63]))
  })

  it('refuses a declared length over the limit without reading anything', async () => {
    const body = request({ 'content-length': '11' })
    await expect(readLimitedBody(body, 10)).rejects.toMatchObject({ code: 413, data: { limit: 10 } })
    expect(body.listenerCount('data')).toBe(0)
    expect(body.readableFlowing).toBeNull()
  })

  it('refuses as soon as the bytes received pass the limit, and leaves the rest unread', async () => {
    const body = request()
    const read = readLimitedBody(body, 10)
    body.write('123456')
    body.write('789012')
    await expect(read).rejects.toMatchObject({ code: 413, message: expect.stringContaining('limit of 10 bytes') })
    expect(body.isPaused()).toBe(true)
    expect(body.listenerCount('data')).toBe(0)
  })

  it('refuses a body cut off before its end', async () => {
    const body = request()
    const read = readLimitedBody(body, 10)
    body.write('12')
    body.destroy()
    await expect(read).rejects.toMatchObject({ code: 400 })
  })
})
