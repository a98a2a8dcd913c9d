import { LlmProviderError, type ChatMessage, type ChatRequest, type ResponseFormat, type ToolSpec } from '@troupe/sdk/plugin'
import type { ChatCompletionRequest, GuardrailConfig, ResponseFormat as MistralResponseFormat, Tool } from '@mistralai/mistralai/models/components'
import type { MistralOptions } from './options-schema.js'
import { toMistralToolCallId } from './mistral-tool-call-id.js'

type MistralMessage = ChatCompletionRequest['messages'][number]

/** Maps provider-neutral messages to Mistral's chat messages (system prompts stay where they are: Mistral joins them). */
export function toMistralMessages(messages: ChatMessage[]): MistralMessage[] {
  return messages.map((message): MistralMessage => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content }
      case 'user':
        return { role: 'user', content: message.content }
      case 'assistant':
        if (!message.toolCalls?.length) return { role: 'assistant', content: message.content }
        return {
          role: 'assistant',
          content: message.content || null,
          toolCalls: message.toolCalls.map((call, index) => ({
            id: toMistralToolCallId(call.id),
            type: 'function',
            // A call whose arguments were broken goes back as `{}`, which Mistral parses, like every vendor.
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
            // Without it the SDK numbers every call 0.
            index
          }))
        }
      case 'tool':
        if (!message.toolCallId) throw LlmProviderError.of('bad_request', 'A tool message has no toolCallId')
        return { role: 'tool', toolCallId: toMistralToolCallId(message.toolCallId), ...(message.name && { name: message.name }), content: message.content }
    }
  })
}

export function toMistralTools(tools: ToolSpec[]): Array<Tool & { type: 'function' }> {
  return tools.map(({ name, description, parameters }) => ({ type: 'function', function: { name, ...(description && { description }), parameters } }))
}

/**
 * Mistral's JSON Schema mode. `strict` makes the model's decoding follow the schema rather than
 * merely aim at it; the host still checks the answer.
 */
export function toMistralResponseFormat({ name, schema }: ResponseFormat): MistralResponseFormat {
  return { type: 'json_schema', jsonSchema: { name, schemaDefinition: schema, strict: true } }
}

/** The record's moderation as one Mistral guardrail that blocks. */
export function toMistralGuardrails(moderation: NonNullable<MistralOptions['moderation']>): GuardrailConfig[] {
  return [
    {
      ...(moderation.blockOnError !== undefined && { blockOnError: moderation.blockOnError }),
      moderationLlmV2: {
        customCategoryThresholds: moderation.thresholds,
        ...(moderation.ignoreOtherCategories !== undefined && { ignoreOtherCategories: moderation.ignoreOtherCategories }),
        action: 'block'
      }
    }
  ]
}

/** The chat completion request for `request`, the record's options filling what the request leaves open. */
export function toMistralChatRequest(request: ChatRequest, options: MistralOptions): ChatCompletionRequest {
  const temperature = request.temperature ?? options.temperature
  return {
    model: request.model,
    messages: toMistralMessages(request.messages),
    ...(request.tools?.length && { tools: toMistralTools(request.tools) }),
    ...(temperature !== undefined && { temperature }),
    ...(request.maxTokens !== undefined && { maxTokens: request.maxTokens }),
    ...(request.responseFormat && { responseFormat: toMistralResponseFormat(request.responseFormat) }),
    ...(options.moderation && { guardrails: toMistralGuardrails(options.moderation) })
  }
}
