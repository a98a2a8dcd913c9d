/** The pieces of one streamed answer received so far, by their `index`. */
export type TokenStream = readonly (string | undefined)[]

/** Adds a `chat-messages token` event's piece at its index (a repeat of an index replaces it). */
export function addToken(stream: TokenStream, index: number, token: string): TokenStream {
  if (!Number.isInteger(index) || index < 0) return stream
  const next = [...stream]
  next[index] = token
  return next
}

/**
 * The text to show while an answer streams: the pieces from index 0 up to the first one still
 * missing, so a piece that arrives early waits for the ones before it instead of garbling the text.
 */
export function assembledText(stream: TokenStream): string {
  let text = ''
  for (const piece of stream) {
    if (piece === undefined) break
    text += piece
  }
  return text
}
