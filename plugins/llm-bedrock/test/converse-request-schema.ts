/**
 * The body of `POST /model/{modelId}/converse` and `/converse-stream` as the Bedrock API reference
 * documents it (`ConverseRequest` in the installed `@aws-sdk/client-bedrock-runtime` models), as
 * JSON Schema for the stand-in to check requests against. Strict where this provider writes (the
 * top level, messages, system, text, toolUse and toolResult blocks, inference and tool
 * configuration): an unknown member or a wrong type is refused as Bedrock refuses it. Members
 * this provider never sends (images, documents, guardrails, prompt variables...) are checked for
 * their type only.
 */

const text = { type: 'string', minLength: 1 }
const anyObject = { type: 'object' }
const cachePoint = { type: 'object', required: ['type'], properties: { type: { const: 'default' } } }

/** A union member: exactly one named member set. */
const member = (name: string, schema: Record<string, unknown>) => ({ type: 'object', required: [name], additionalProperties: false, properties: { [name]: schema } })

const toolUse = {
  type: 'object',
  required: ['toolUseId', 'name', 'input'],
  additionalProperties: false,
  properties: {
    toolUseId: { type: 'string', pattern: '^[a-zA-Z0-9_-]+$', minLength: 1, maxLength: 64 },
    name: { type: 'string', pattern: '^[a-zA-Z0-9_-]+$', minLength: 1, maxLength: 64 },
    input: {},
    type: { enum: ['server_tool_use'] }
  }
}

const toolResultContent = {
  oneOf: [member('text', { type: 'string' }), member('json', {}), member('image', anyObject), member('document', anyObject), member('video', anyObject)]
}

const toolResult = {
  type: 'object',
  required: ['toolUseId', 'content'],
  additionalProperties: false,
  properties: {
    toolUseId: { type: 'string', pattern: '^[a-zA-Z0-9_-]+$', minLength: 1, maxLength: 64 },
    content: { type: 'array', items: toolResultContent },
    status: { enum: ['success', 'error'] },
    type: { type: 'string' }
  }
}

const contentBlock = {
  oneOf: [
    member('text', { type: 'string' }),
    member('toolUse', toolUse),
    member('toolResult', toolResult),
    member('image', anyObject),
    member('document', anyObject),
    member('video', anyObject),
    member('audio', anyObject),
    member('guardContent', anyObject),
    member('cachePoint', cachePoint),
    member('reasoningContent', anyObject),
    member('citationsContent', anyObject),
    member('searchResult', anyObject)
  ]
}

const message = {
  type: 'object',
  required: ['role', 'content'],
  additionalProperties: false,
  properties: { role: { enum: ['user', 'assistant'] }, content: { type: 'array', items: contentBlock } }
}

const systemBlock = { oneOf: [member('text', text), member('guardContent', anyObject), member('cachePoint', cachePoint)] }

const toolSpec = {
  type: 'object',
  required: ['name', 'inputSchema'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-zA-Z0-9_-]+$', minLength: 1, maxLength: 64 },
    description: text,
    inputSchema: member('json', { type: 'object' }),
    strict: { type: 'boolean' }
  }
}

const toolConfig = {
  type: 'object',
  required: ['tools'],
  additionalProperties: false,
  properties: {
    tools: { type: 'array', minItems: 1, items: { oneOf: [member('toolSpec', toolSpec), member('systemTool', anyObject), member('cachePoint', cachePoint)] } },
    toolChoice: { oneOf: [member('auto', anyObject), member('any', anyObject), member('tool', { type: 'object', required: ['name'] })] }
  }
}

export const converseRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    messages: { type: 'array', items: message },
    system: { type: 'array', items: systemBlock },
    inferenceConfig: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxTokens: { type: 'integer', minimum: 1 },
        temperature: { type: 'number', minimum: 0, maximum: 1 },
        topP: { type: 'number', minimum: 0, maximum: 1 },
        stopSequences: { type: 'array', maxItems: 2500, items: text }
      }
    },
    toolConfig,
    guardrailConfig: anyObject,
    additionalModelRequestFields: {},
    promptVariables: anyObject,
    additionalModelResponseFieldPaths: { type: 'array', items: text },
    requestMetadata: { type: 'object', additionalProperties: { type: 'string' } },
    performanceConfig: anyObject,
    serviceTier: anyObject,
    outputConfig: anyObject,
    projectIdentifier: { type: 'string' }
  }
}
