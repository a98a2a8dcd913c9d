/**
 * The body of `POST /v1/messages` as Anthropic documents it (the API version 2026-10-21 that
 * `@anthropic-ai/sdk` 1.17 speaks; `MessageCreateParams` in its `resources/messages`), as JSON
 * Schema for the stand-in to check requests against. Strict where this provider writes (the top
 * level, messages, text, tool use, tool result and thinking blocks, custom tools, the output
 * format): an unknown field or a wrong type is refused as the API refuses it. Fields and block
 * types this provider never sends (server tools, documents, containers...) are checked for their
 * shape only.
 */

const cacheControl = {
  type: ['object', 'null'],
  required: ['type'],
  additionalProperties: false,
  properties: { type: { const: 'ephemeral' }, ttl: { enum: ['5m', '1h'] } }
}

/** A block whose type the stand-in knows by name only. */
const shapeOnly = (type: string) => ({ type: 'object', required: ['type'], properties: { type: { const: type } } })

const textBlock = {
  type: 'object',
  required: ['type', 'text'],
  additionalProperties: false,
  properties: {
    type: { const: 'text' },
    text: { type: 'string', minLength: 1 },
    cache_control: cacheControl,
    citations: { type: ['array', 'null'] }
  }
}

const imageBlock = {
  type: 'object',
  required: ['type', 'source'],
  additionalProperties: false,
  properties: {
    type: { const: 'image' },
    source: { type: 'object', required: ['type'], properties: { type: { enum: ['base64', 'url', 'file'] } } },
    cache_control: cacheControl
  }
}

const toolUseBlock = {
  type: 'object',
  required: ['type', 'id', 'name', 'input'],
  additionalProperties: false,
  properties: {
    type: { const: 'tool_use' },
    id: { type: 'string', pattern: '^[a-zA-Z0-9_-]+$' },
    name: { type: 'string', minLength: 1 },
    input: { type: 'object' },
    cache_control: cacheControl,
    caller: { type: 'object', required: ['type'] },
    toolset_name: { type: ['string', 'null'] }
  }
}

const toolResultBlock = {
  type: 'object',
  required: ['type', 'tool_use_id'],
  additionalProperties: false,
  properties: {
    type: { const: 'tool_result' },
    tool_use_id: { type: 'string', pattern: '^[a-zA-Z0-9_-]+$' },
    content: {
      if: { type: 'string' },
      else: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type'],
          discriminator: { propertyName: 'type' },
          oneOf: [textBlock, imageBlock, shapeOnly('search_result'), shapeOnly('document'), shapeOnly('tool_reference'), shapeOnly('browser_state')]
        }
      }
    },
    is_error: { type: 'boolean' },
    cache_control: cacheControl,
    toolset_name: { type: ['string', 'null'] }
  }
}

const thinkingBlock = {
  type: 'object',
  required: ['type', 'thinking', 'signature'],
  additionalProperties: false,
  properties: { type: { const: 'thinking' }, thinking: { type: 'string' }, signature: { type: 'string', minLength: 1 } }
}

const redactedThinkingBlock = {
  type: 'object',
  required: ['type', 'data'],
  additionalProperties: false,
  properties: { type: { const: 'redacted_thinking' }, data: { type: 'string', minLength: 1 } }
}

const contentBlock = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    textBlock,
    imageBlock,
    toolUseBlock,
    toolResultBlock,
    thinkingBlock,
    redactedThinkingBlock,
    ...[
      'document',
      'search_result',
      'server_tool_use',
      'web_search_tool_result',
      'web_fetch_tool_result',
      'code_execution_tool_result',
      'bash_code_execution_tool_result',
      'text_editor_code_execution_tool_result',
      'tool_search_tool_result',
      'container_upload'
    ].map(shapeOnly)
  ]
}

const stringOr = (blocks: Record<string, unknown>) => ({ if: { type: 'string' }, else: { type: 'array', items: blocks } })

const message = {
  type: 'object',
  required: ['role', 'content'],
  discriminator: { propertyName: 'role' },
  oneOf: [
    { type: 'object', required: ['role', 'content'], additionalProperties: false, properties: { role: { const: 'user' }, content: stringOr(contentBlock) } },
    { type: 'object', required: ['role', 'content'], additionalProperties: false, properties: { role: { const: 'assistant' }, content: stringOr(contentBlock) } },
    { type: 'object', required: ['role', 'content'], additionalProperties: false, properties: { role: { const: 'system' }, content: stringOr(textBlock) } }
  ]
}

const customTool = {
  type: 'object',
  required: ['name', 'input_schema'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
    description: { type: 'string' },
    input_schema: { type: 'object', required: ['type'], properties: { type: { const: 'object' }, required: { type: ['array', 'null'], items: { type: 'string' } } } },
    type: { enum: ['custom', null] },
    cache_control: cacheControl,
    strict: { type: 'boolean' },
    defer_loading: { type: 'boolean' },
    eager_input_streaming: { type: ['boolean', 'null'] },
    input_examples: { type: 'array', items: { type: 'object' } },
    allowed_callers: { type: 'array', items: { type: 'string' } }
  }
}

/** A server or Anthropic-defined tool (`web_search_20260318`, `bash_20250124`...): named by its `type`. */
const typedTool = { type: 'object', required: ['type', 'name'], properties: { type: { type: 'string' }, name: { type: 'string' } } }

export const messagesRequestSchema = {
  type: 'object',
  required: ['model', 'max_tokens', 'messages'],
  additionalProperties: false,
  properties: {
    model: { type: 'string', minLength: 1 },
    max_tokens: { type: 'integer', minimum: 0 },
    messages: { type: 'array', maxItems: 100_000, items: message },
    cache_control: cacheControl,
    container: { type: ['object', 'string', 'null'] },
    diagnostics: { type: ['object', 'null'] },
    inference_geo: { type: ['string', 'null'] },
    metadata: { type: 'object', additionalProperties: false, properties: { user_id: { type: ['string', 'null'] } } },
    output_config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        effort: { enum: ['low', 'medium', 'high', 'xhigh', 'max', null] },
        format: {
          type: ['object', 'null'],
          required: ['type', 'schema'],
          additionalProperties: false,
          properties: { type: { const: 'json_schema' }, schema: { type: 'object' } }
        }
      }
    },
    service_tier: { enum: ['auto', 'standard_only'] },
    speed: { enum: ['standard', 'fast', null] },
    stop_sequences: { type: 'array', items: { type: 'string' } },
    stream: { type: 'boolean' },
    system: stringOr(textBlock),
    thinking: { type: 'object', required: ['type'], properties: { type: { enum: ['enabled', 'disabled', 'adaptive', 'between_tools'] } } },
    tool_choice: { type: 'object', required: ['type'], properties: { type: { enum: ['auto', 'any', 'tool', 'none'] }, name: { type: 'string' } } },
    tools: {
      type: 'array',
      items: { if: { properties: { type: { not: { enum: ['custom', null] } } }, required: ['type'] }, then: typedTool, else: customTool }
    }
  }
}
