import { LlmProviderError, type ChatMessage, type ToolSpec } from '@troupe/sdk/plugin'
import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions'

/** Provider-neutral messages as Chat Completions messages, the shape Azure's deployments take. */
export function toChatMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
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
          // Beside tool calls the text is usually empty, which the API takes as null.
          content: message.content || null,
          // A call whose arguments were broken has `{}`: the history must hold JSON.
          tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }))
        }
      case 'tool':
        if (!message.toolCallId) throw LlmProviderError.of('bad_request', 'A tool message has no toolCallId: Azure ties each tool result to the call it answers')
        return { role: 'tool', tool_call_id: message.toolCallId, content: message.content }
    }
  })
}

/** Tools as Chat Completions function tools. */
export function toChatTools(tools: ToolSpec[]): ChatCompletionFunctionTool[] {
  return tools.map(({ name, description, parameters }) => ({ type: 'function', function: { name, ...(description && { description }), parameters } }))
}
