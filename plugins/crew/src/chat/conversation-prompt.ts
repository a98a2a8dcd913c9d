import type { ChatMessageRecord } from '@troupe/sdk'

/** About four characters per token, the usual rule of thumb for English text. */
const charsPerToken = 4

/**
 * The conversation as one prompt: the most recent earlier messages that fit the budget (oldest
 * dropped first, the new message always kept), then the new message.
 */
export function conversationPrompt(history: Pick<ChatMessageRecord, 'role' | 'content'>[], message: string, budgetTokens: number): { prompt: string; kept: number } {
  let remaining = budgetTokens * charsPerToken - message.length
  const kept: string[] = []
  for (const earlier of [...history].reverse()) {
    const line = `${earlier.role === 'user' ? 'User' : 'Assistant'}: ${earlier.content}`
    if (line.length > remaining) break
    kept.unshift(line)
    remaining -= line.length
  }
  const prompt = kept.length > 0 ? `Conversation so far:\n${kept.join('\n')}\n\nThe user's new message:\n${message}` : message
  return { prompt, kept: kept.length }
}
