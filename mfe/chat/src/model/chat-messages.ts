import type { ChatMessageRecord } from '@troupe/sdk'
import { assembledText, type TokenStream } from './token-stream.ts'

/** A message as the conversation shows it: stored content, or the streamed text while it arrives. */
export interface ShownMessage extends ChatMessageRecord {
  text: string
}

/**
 * What a message shows. While it streams: the tokens assembled so far. Once it ends, the stored
 * content wins (the `patched` event carries the full answer); an answer stopped before any
 * content was stored keeps the part that had streamed.
 */
export function shownText(message: ChatMessageRecord, stream: TokenStream | undefined): string {
  if (message.status === 'streaming') return stream?.length ? assembledText(stream) : message.content
  return message.content || (stream ? assembledText(stream) : '')
}

/** Oldest first; a question comes before the answer created in the same millisecond. */
export function byConversationOrder(a: ChatMessageRecord, b: ChatMessageRecord): number {
  return a.createdAt.localeCompare(b.createdAt) || (a.role === b.role ? 0 : a.role === 'user' ? -1 : 1)
}
