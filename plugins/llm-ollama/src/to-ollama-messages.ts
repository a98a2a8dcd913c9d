import type { ChatMessage, ToolSpec } from '@troupe/sdk/plugin'
import type { Tool } from 'ollama/browser'
import type { OllamaMessage } from './ollama-wire.js'

/**
 * Maps provider-neutral messages to `/api/chat` messages. Ollama's chat templates name a tool
 * result by its tool (`tool_name`), so a result that does not say which tool answered takes the
 * name of the call it answers.
 */
export function toOllamaMessages(messages: ChatMessage[]): OllamaMessage[] {
  const toolNames = new Map(messages.flatMap((message) => message.toolCalls ?? []).map((call) => [call.id, call.name]))
  return messages.map((message) => {
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content: message.content }
      case 'assistant':
        if (!message.toolCalls?.length) return { role: 'assistant', content: message.content }
        return {
          role: 'assistant',
          content: message.content,
          tool_calls: message.toolCalls.map((call, index) => ({ id: call.id, function: { index, name: call.name, arguments: call.arguments } }))
        }
      case 'tool': {
        const toolName = message.name ?? (message.toolCallId ? toolNames.get(message.toolCallId) : undefined)
        return {
          role: 'tool',
          content: message.content,
          ...(toolName && { tool_name: toolName }),
          ...(message.toolCallId && { tool_call_id: message.toolCallId })
        }
      }
    }
  })
}

export function toOllamaTools(tools: ToolSpec[]): Tool[] {
  return tools.map(({ name, description, parameters }) => ({
    type: 'function',
    function: { name, ...(description && { description }), parameters }
  }))
}
