import type { ChatTokenEvent } from '@troupe/sdk'

/**
 * A `chat-messages token` event. One that carries `discardIndices` withdraws the pieces at those
 * indices (the chat service's form of the `llm.failover` rule of docs/llm.md); its own `token` is
 * then empty.
 */
export type TokenEvent = ChatTokenEvent

/** The pieces of one streamed answer received so far, by their `index`; `null` marks a withdrawn piece. */
export type TokenStream = readonly (string | null | undefined)[]

const isIndex = (index: number) => Number.isInteger(index) && index >= 0

/** Adds a `chat-messages token` event's piece at its index (a repeat of an index replaces it; a withdrawn piece stays withdrawn). */
export function addToken(stream: TokenStream, index: number, token: string): TokenStream {
  if (!isIndex(index) || stream[index] === null) return stream
  const next = [...stream]
  next[index] = token
  return next
}

/** Withdraws the pieces at these indices, including any that have not arrived yet. */
export function discardTokens(stream: TokenStream, indices: readonly number[]): TokenStream {
  const next = [...stream]
  for (const index of indices) if (isIndex(index)) next[index] = null
  return next
}

/** Applies one token event: its withdrawals first, then its piece. */
export function applyTokenEvent(stream: TokenStream, event: Pick<TokenEvent, 'index' | 'token' | 'discardIndices'>): TokenStream {
  return addToken(event.discardIndices ? discardTokens(stream, event.discardIndices) : stream, event.index, event.token)
}

/**
 * The text to show while an answer streams: the pieces from index 0 up to the first one still
 * missing, so a piece that arrives early waits for the ones before it instead of garbling the text.
 * Withdrawn pieces show as nothing.
 */
export function assembledText(stream: TokenStream): string {
  let text = ''
  for (const piece of stream) {
    if (piece === undefined) break
    text += piece ?? ''
  }
  return text
}
