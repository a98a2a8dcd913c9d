import { describe, expect, it } from 'vitest'
import { readServerSentEvents } from './read-server-sent-events.js'

/** A body that arrives in exactly these pieces. */
function body(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece))
      controller.close()
    }
  })
}

async function events(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const read: string[] = []
  for await (const data of readServerSentEvents(stream)) read.push(data)
  return read
}

describe('readServerSentEvents', () => {
  it("reads Google's CRLF-framed events, whatever the pieces the network cuts them into", async () => {
    const sent = 'data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n'
    expect(await events(body(sent))).toEqual(['{"a":1}', '{"b":2}'])
    expect(await events(body(...sent.split('')))).toEqual(['{"a":1}', '{"b":2}'])
    expect(await events(body('data: {"a"', ':1}\r', '\n\r', '\ndata: {"b":2}\r\n\r\n'))).toEqual(['{"a":1}', '{"b":2}'])
  })

  it('reads LF framing, joins multi-line data and skips comments and other fields', () => {
    return expect(events(body(': keep-alive\n\nevent: message\nid: 7\ndata: {"a":\ndata: 1}\n\n'))).resolves.toEqual(['{"a":\n1}'])
  })

  it('keeps multi-byte characters split across pieces whole', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"4 °C ✓"}\r\n\r\n')
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte))
        controller.close()
      }
    })
    expect(await events(stream)).toEqual(['{"t":"4 °C ✓"}'])
  })

  it("yields Google's unframed JSON error that ends a failed stream, blank line or not", async () => {
    const error = '{\n  "error": {\n    "code": 503,\n    "status": "UNAVAILABLE"\n  }\n}\n'
    expect(await events(body('data: {"a":1}\r\n\r\n', error))).toEqual(['{"a":1}', error.trim()])
    expect(await events(body('data: {"a":1}\r\n\r\n', `${error}\n`))).toEqual(['{"a":1}', error.trim()])
  })

  it('drops an event the stream cut before its blank line', async () => {
    expect(await events(body('data: {"a":1}\r\n\r\ndata: {"b":'))).toEqual(['{"a":1}'])
  })
})
