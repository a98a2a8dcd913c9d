import { LlmProviderError, type ChatMessage, type ToolSpec } from '@troupe/sdk/plugin'
import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions'

/** Maps provider-neutral messages to the Chat Completions shape. */
export function toOpenAiMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message) => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content }
      case 'user':
        return { role: 'user', content: message.content }
      case 'assistant':
        if (!message.toolCalls?.length) return { role: 'assistant', content: message.content }
        return {
          role: 'assistant',
          // Several servers reject an empty string beside tool calls; null is what OpenAI itself sends.
          content: message.content || null,
          tool_calls: message.toolCalls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) }
          }))
        }
      case 'tool':
        if (!message.toolCallId) throw new LlmProviderError('A tool message has no toolCallId', false)
        return { role: 'tool', tool_call_id: message.toolCallId, content: message.content }
    }
  })
}

export function toOpenAiTools(tools: ToolSpec[]): ChatCompletionFunctionTool[] {
  return tools.map(({ name, description, parameters }) => ({
    type: 'function',
    function: { name, ...(description && { description }), parameters }
  }))
}
