import type { ContentBlock, ConverseCommandInput, Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime'
import type { DocumentType } from '@smithy/types'
import type { ChatMessage, ChatRequest, ToolSpec } from '@troupe/sdk/plugin'

/** The content blocks one chat message becomes; blank text is left out, as Converse refuses it. */
function blocksOf(message: ChatMessage): ContentBlock[] {
  if (message.role === 'tool') return [{ toolResult: { toolUseId: message.toolCallId ?? '', content: [{ text: message.content }] } }]
  const text: ContentBlock[] = message.content.trim() ? [{ text: message.content }] : []
  const calls: ContentBlock[] = (message.toolCalls ?? []).map((call): ContentBlock => ({ toolUse: { toolUseId: call.id, name: call.name, input: call.arguments as DocumentType } }))
  return [...text, ...calls]
}

/**
 * The conversation as Converse takes it: system messages as top-level `system` blocks, tool
 * results as `toolResult` blocks of a user turn, and consecutive messages of one role merged into
 * one turn, since Converse wants turns that alternate (parallel tool results go back together).
 */
export function toConverseConversation(messages: ChatMessage[]): { system: SystemContentBlock[]; messages: Message[] } {
  const system: SystemContentBlock[] = messages.filter((message) => message.role === 'system' && message.content.trim()).map((message) => ({ text: message.content }))
  const turns: Message[] = []
  for (const message of messages) {
    if (message.role === 'system') continue
    const role = message.role === 'assistant' ? 'assistant' : 'user'
    const content = blocksOf(message)
    if (content.length === 0) continue
    const last = turns.at(-1)
    if (last?.role === role) last.content!.push(...content)
    else turns.push({ role, content })
  }
  return { system, messages: turns }
}

export function toConverseTools(tools: ToolSpec[]): Tool[] {
  return tools.map((tool) => ({ toolSpec: { name: tool.name, ...(tool.description && { description: tool.description }), inputSchema: { json: tool.parameters as DocumentType } } }))
}

/**
 * The Converse input of a chat request. `responseFormat` is not sent: the kind is `prompted` (the
 * host asks for JSON in words), as Converse's `outputConfig.textFormat` is held to by some models
 * only and refused by others.
 */
export function toConverseInput(request: ChatRequest, defaultMaxTokens?: number): ConverseCommandInput {
  const { system, messages } = toConverseConversation(request.messages)
  const maxTokens = request.maxTokens ?? defaultMaxTokens
  const inferenceConfig = { ...(maxTokens !== undefined && { maxTokens }), ...(request.temperature !== undefined && { temperature: request.temperature }) }
  return {
    modelId: request.model,
    messages,
    ...(system.length > 0 && { system }),
    ...(Object.keys(inferenceConfig).length > 0 && { inferenceConfig }),
    ...(request.tools?.length && { toolConfig: { tools: toConverseTools(request.tools) } })
  }
}
