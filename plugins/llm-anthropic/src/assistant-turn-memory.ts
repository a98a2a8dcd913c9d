import { createHash } from 'node:crypto'
import type { ToolCall } from '@troupe/sdk/plugin'
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages'

/** The account a turn belongs to: a digest of endpoint and key, so that the key itself is no map key. */
export function accountOf(baseUrl: string, apiKey: string): string {
  return createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex')
}

const keyOf = (account: string, toolUseIds: string[]) => `${account}:${toolUseIds.join(',')}`

/**
 * Tool-use turns the vendor answered with thinking, kept to send each back exactly as received
 * when the conversation returns with the results of its calls: the Messages API refuses a
 * tool-use turn whose thinking is missing or changed, and a provider-neutral `ChatMessage` has no
 * place for it. The host creates a provider per call, so the kind holds one memory for all of
 * them; a turn is found by its account and the ids of its tool calls. A conversation that returns
 * once its turn is gone (evicted, another process, a restart) is sent rebuilt, without thinking.
 */
export class AssistantTurnMemory {
  // A Map keeps insertion order, which is all the eviction a bounded list of recent turns needs.
  private readonly turns = new Map<string, ContentBlockParam[]>()

  constructor(private readonly capacity = 2000) {}

  /** Keeps `content` when it is a tool-use turn with thinking (other turns can be rebuilt as they are). */
  remember(account: string, content: ContentBlockParam[]): void {
    const toolUseIds = content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []))
    const thought = content.some((block) => block.type === 'thinking' || block.type === 'redacted_thinking')
    if (toolUseIds.length === 0 || !thought) return
    this.turns.set(keyOf(account, toolUseIds), content)
    for (const oldest of this.turns.keys()) {
      if (this.turns.size <= this.capacity) break
      this.turns.delete(oldest)
    }
  }

  /** The turn that asked for exactly these tool calls, in this order, if it is still kept. */
  recall(account: string, toolCalls: ToolCall[]): ContentBlockParam[] | undefined {
    return this.turns.get(keyOf(account, toolCalls.map((call) => call.id)))
  }
}
