import { createHash } from 'node:crypto'
import type { ChatMessage, VendorData } from '@troupe/sdk/plugin'
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages'

/** This kind's key in `vendorData`. */
const key = 'anthropic'

/** What the kind keeps in a result's `vendorData`: the turn as received, and the account it came from. */
interface ThinkingTurn {
  account: string
  content: ContentBlockParam[]
}

/**
 * The account a turn belongs to: a short digest of endpoint and key (never the key). Thinking is
 * signed for the account that produced it, so another account's turn is sent rebuilt instead.
 */
export function accountOf(baseUrl: string, apiKey: string): string {
  return createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex').slice(0, 16)
}

/**
 * The `vendorData` of a reply that used tools after thinking: the Messages API refuses such a turn
 * sent back with its thinking missing or changed, so the turn travels with the conversation as
 * received. Other turns can be rebuilt from the message as they are: nothing to keep.
 */
export function thinkingTurnData(account: string, content: ContentBlockParam[]): VendorData | undefined {
  const usesTools = content.some((block) => block.type === 'tool_use')
  const thought = content.some((block) => block.type === 'thinking' || block.type === 'redacted_thinking')
  return usesTools && thought ? { [key]: { account, content } satisfies ThinkingTurn } : undefined
}

/**
 * The turn as received, for an assistant message of this account whose calls are still the ones
 * the turn asked for (in order); otherwise undefined, and the message is rebuilt without thinking.
 */
export function thinkingTurnOf(message: ChatMessage, account: string): ContentBlockParam[] | undefined {
  const kept = message.vendorData?.[key] as Partial<ThinkingTurn> | undefined
  if (!kept || kept.account !== account || !Array.isArray(kept.content)) return undefined
  const keptIds = kept.content.flatMap((block) => (block?.type === 'tool_use' ? [block.id] : []))
  const callIds = (message.toolCalls ?? []).map((call) => call.id)
  return keptIds.length === callIds.length && keptIds.every((id, index) => id === callIds[index]) ? kept.content : undefined
}
