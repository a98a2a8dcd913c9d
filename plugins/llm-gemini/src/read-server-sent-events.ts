/** An event ends at a blank line, whatever the line endings (`\r\n` is what Google sends). */
const eventBoundary = /\r\n\r\n|\n\n|\r\r/

/**
 * The data of each server-sent event of a response body, as text. Written here because none of
 * the plugin's dependencies has an SSE parser to share (the vendor SDK's sits inside its client).
 * A block without `data:` lines is yielded whole: Google may end a failed stream with its JSON
 * error object, unframed. An event the stream cut before its blank line is dropped, as the SSE
 * standard says; the caller sees the answer's end missing.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true })
    for (let boundary = eventBoundary.exec(buffer); boundary; boundary = eventBoundary.exec(buffer)) {
      const data = dataOf(buffer.slice(0, boundary.index))
      buffer = buffer.slice(boundary.index + boundary[0].length)
      if (data !== undefined) yield data
    }
  }
  buffer += decoder.decode()
  const unframed = dataOf(buffer)
  if (unframed !== undefined && !/^data:/m.test(buffer)) yield unframed
}

function dataOf(block: string): string | undefined {
  const lines = block.split(/\r\n|\n|\r/)
  const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
  if (data.length > 0) return data.join('\n')
  // Comments (`:`) and the other fields (`event:`, `id:`, `retry:`) carry nothing for Gemini.
  const unframed = lines.filter((line) => !/^(:|event:|id:|retry:)/.test(line)).join('\n').trim()
  return unframed === '' ? undefined : unframed
}
