import { LlmProviderError, type ChatMessage, type ToolSpec } from '@troupe/sdk/plugin'
import type { ContentBlockParam, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages'

/** An assistant turn exactly as the vendor sent it, for tool calls it must see again unchanged (their thinking). */
export type RecallTurn = (message: ChatMessage) => ContentBlockParam[] | undefined

export interface AnthropicConversation {
  /** The top-level system prompt: the Messages API takes no system turn among the messages. */
  system?: string
  messages: MessageParam[]
}

const onlyToolResults = (turn: MessageParam | undefined): turn is MessageParam & { content: ContentBlockParam[] } =>
  turn?.role === 'user' && Array.isArray(turn.content) && turn.content.every((block) => block.type === 'tool_result')

/**
 * Maps provider-neutral messages to the Messages API. System messages become the `system` prompt
 * (joined in order). An assistant's tool calls become `tool_use` blocks after its text, or the
 * turn as the vendor sent it when `recall` finds it in the message's `vendorData` (the API refuses
 * a tool-use turn rebuilt without its thinking). Tool results become `tool_result` blocks of one user message: the results of
 * parallel calls together, before any text, as the API requires.
 */
export function toAnthropicConversation(messages: ChatMessage[], recall: RecallTurn = () => undefined): AnthropicConversation {
  const system: string[] = []
  const turns: MessageParam[] = []
  for (const message of messages) {
    const last = turns.at(-1)
    switch (message.role) {
      case 'system':
        system.push(message.content)
        break
      case 'user':
        if (onlyToolResults(last)) last.content.push({ type: 'text', text: message.content })
        else turns.push({ role: 'user', content: message.content })
        break
      case 'assistant': {
        if (!message.toolCalls?.length) {
          turns.push({ role: 'assistant', content: message.content })
          break
        }
        const rebuilt: ContentBlockParam[] = [
          // The API refuses an empty text block.
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...message.toolCalls.map((call) => ({ type: 'tool_use' as const, id: call.id, name: call.name, input: call.arguments }))
        ]
        turns.push({ role: 'assistant', content: recall(message) ?? rebuilt })
        break
      }
      case 'tool': {
        if (!message.toolCallId) throw LlmProviderError.of('bad_request', 'A tool message has no toolCallId')
        const result: ContentBlockParam = { type: 'tool_result', tool_use_id: message.toolCallId, ...(message.content && { content: message.content }) }
        if (onlyToolResults(last)) last.content.push(result)
        else turns.push({ role: 'user', content: [result] })
        break
      }
    }
  }
  return { ...(system.length > 0 && { system: system.join('\n\n') }), messages: turns }
}

/** Tools as custom tools. `input_schema` must say `type: object`, which a tool without parameters (`{}`) leaves out. */
export function toAnthropicTools(tools: ToolSpec[]): Tool[] {
  return tools.map(({ name, description, parameters }) => ({
    name,
    ...(description && { description }),
    input_schema: { ...parameters, type: 'object' as const }
  }))
}
