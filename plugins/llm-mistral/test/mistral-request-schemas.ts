/**
 * The request bodies of Mistral's chat completion and embedding endpoints as JSON Schema,
 * transcribed from Mistral's OpenAPI description (mistralai/platform-docs-public, openapi.yaml:
 * `ChatCompletionRequest`, `ChatCompletionStreamRequest`, `EmbeddingRequest` and what they refer
 * to). Mistral's API refuses fields it does not know (`extra_forbidden`), so every object here is
 * closed where the description closes it. The one liberty: a message's `role` and a tool's `type`
 * are required, as the discriminators the description routes on.
 */

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] })
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required })

const textChunk = closed({ type: { const: 'text' }, text: { type: 'string' } }, ['type', 'text'])
const referenceChunk = closed({ type: { const: 'reference' }, reference_ids: { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }] } } }, ['type', 'reference_ids'])
const toolReferenceChunk = closed(
  {
    type: { const: 'tool_reference' },
    tool: { type: 'string' },
    title: { type: 'string' },
    url: nullable({ type: 'string' }),
    favicon: nullable({ type: 'string' }),
    description: nullable({ type: 'string' })
  },
  ['tool', 'title']
)
const thinkChunk = closed(
  {
    type: { const: 'thinking' },
    thinking: { type: 'array', items: { anyOf: [textChunk, toolReferenceChunk, referenceChunk] } },
    signature: nullable({ type: 'string' }),
    closed: { type: 'boolean' }
  },
  ['type', 'thinking']
)
const contentChunk = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    textChunk,
    closed(
      {
        type: { const: 'image_url' },
        image_url: { anyOf: [closed({ url: { type: 'string' }, detail: nullable({ enum: ['low', 'auto', 'high'] }) }, ['url']), { type: 'string' }] }
      },
      ['type', 'image_url']
    ),
    closed({ type: { const: 'document_url' }, document_url: { type: 'string' }, document_name: nullable({ type: 'string' }) }, ['type', 'document_url']),
    referenceChunk,
    closed({ type: { const: 'file' }, file_id: { type: 'string', format: 'uuid' } }, ['type', 'file_id']),
    thinkChunk,
    closed({ type: { const: 'input_audio' }, input_audio: { type: 'string' } }, ['type', 'input_audio'])
  ]
}
const content = { anyOf: [{ type: 'string' }, { type: 'null' }, { type: 'array', items: contentChunk }] }

const toolCall = closed(
  {
    id: { type: 'string' },
    type: { enum: ['function'] },
    function: closed({ name: { type: 'string' }, arguments: { anyOf: [{ type: 'object' }, { type: 'string' }] } }, ['name', 'arguments']),
    index: { type: 'integer' }
  },
  ['function']
)

const message = {
  type: 'object',
  required: ['role'],
  discriminator: { propertyName: 'role' },
  oneOf: [
    closed(
      { role: { const: 'system' }, content: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', required: ['type'], discriminator: { propertyName: 'type' }, oneOf: [textChunk, thinkChunk] } }] } },
      ['role', 'content']
    ),
    closed({ role: { const: 'user' }, content }, ['role', 'content']),
    closed({ role: { const: 'assistant' }, content, tool_calls: nullable({ type: 'array', items: toolCall }), prefix: { type: 'boolean' } }, ['role']),
    closed({ role: { const: 'tool' }, content, tool_call_id: nullable({ type: 'string' }), name: nullable({ type: 'string' }) }, ['role', 'content'])
  ]
}

const toolConfiguration = nullable(
  closed({
    exclude: nullable({ type: 'array', items: { type: 'string' } }),
    include: nullable({ type: 'array', items: { type: 'string' } }),
    requires_confirmation: nullable({ type: 'array', items: { type: 'string' } })
  })
)
const builtInTool = (type: string) => closed({ type: { const: type }, tool_configuration: toolConfiguration }, ['type'])
const tool = {
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [
    closed(
      {
        type: { const: 'function' },
        function: closed({ name: { type: 'string' }, description: { type: 'string' }, strict: { type: 'boolean' }, parameters: { type: 'object' } }, ['name', 'parameters'])
      },
      ['type', 'function']
    ),
    builtInTool('web_search'),
    builtInTool('web_search_premium'),
    builtInTool('code_interpreter'),
    builtInTool('image_generation'),
    closed({ type: { const: 'document_library' }, tool_configuration: toolConfiguration, library_ids: { type: 'array', items: { type: 'string' }, minItems: 1 } }, ['type', 'library_ids']),
    closed(
      {
        type: { const: 'connector' },
        connector_id: { type: 'string' },
        authorization: nullable({ type: 'object', required: ['type', 'value'], properties: { type: { enum: ['oauth2-token', 'api-key'] }, value: { type: 'string' } }, additionalProperties: false }),
        tool_configuration: toolConfiguration
      },
      ['type', 'connector_id']
    )
  ]
}

const categoryThresholds = (categories: string[]) => ({ type: 'object', properties: Object.fromEntries(categories.map((category) => [category, nullable({ type: 'number' })])) })
const moderationConfig = (categories: string[]) =>
  nullable({
    type: 'object',
    properties: {
      model_name: { type: 'string' },
      custom_category_thresholds: nullable(categoryThresholds(categories)),
      ignore_other_categories: { type: 'boolean' },
      action: { enum: ['none', 'block'] }
    }
  })
const sharedCategories = ['sexual', 'hate_and_discrimination', 'violence_and_threats', 'selfharm', 'health', 'financial', 'law', 'pii']
const guardrail = {
  type: 'object',
  properties: {
    block_on_error: { type: 'boolean' },
    moderation_llm_v1: moderationConfig([...sharedCategories, 'dangerous_and_criminal_content']),
    moderation_llm_v2: moderationConfig([...sharedCategories, 'dangerous', 'criminal', 'jailbreaking'])
  }
}

/** `ChatCompletionRequest` (and `ChatCompletionStreamRequest`, the same fields). */
export const chatCompletionRequestSchema = closed(
  {
    model: { type: 'string' },
    temperature: nullable({ type: 'number', minimum: 0, maximum: 1.5 }),
    top_p: nullable({ type: 'number', exclusiveMinimum: 0, maximum: 1 }),
    max_tokens: nullable({ type: 'integer', minimum: 0 }),
    stream: { type: 'boolean' },
    stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }] },
    random_seed: nullable({ type: 'integer', minimum: 0 }),
    metadata: nullable({ type: 'object' }),
    messages: { type: 'array', items: message },
    response_format: closed({
      type: { enum: ['text', 'json_object', 'json_schema'] },
      json_schema: nullable(
        closed({ name: { type: 'string' }, description: nullable({ type: 'string' }), schema: { type: 'object' }, strict: { type: 'boolean' } }, ['name', 'schema'])
      )
    }),
    tools: nullable({ type: 'array', items: tool }),
    tool_choice: {
      anyOf: [closed({ type: { enum: ['function'] }, function: closed({ name: { type: 'string' } }, ['name']) }, ['function']), { enum: ['auto', 'none', 'any', 'required'] }]
    },
    presence_penalty: nullable({ type: 'number', minimum: -2, maximum: 2 }),
    frequency_penalty: nullable({ type: 'number', minimum: -2, maximum: 2 }),
    n: nullable({ type: 'integer', minimum: 1 }),
    prediction: closed({ type: { const: 'content' }, content: { type: 'string' } }),
    parallel_tool_calls: { type: 'boolean' },
    reasoning_effort: nullable({ enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] }),
    prompt_mode: nullable({ enum: ['reasoning'] }),
    guardrails: nullable({ type: 'array', items: guardrail }),
    prompt_cache_key: nullable({ type: 'string' }),
    service_tier: nullable({ enum: ['auto', 'standard_only'] }),
    safe_prompt: { type: 'boolean' }
  },
  ['messages', 'model']
)

/** `EmbeddingRequest`. */
export const embeddingRequestSchema = closed(
  {
    model: { type: 'string' },
    metadata: nullable({ type: 'object' }),
    input: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    output_dimension: nullable({ type: 'integer', exclusiveMinimum: 0 }),
    output_dtype: { enum: ['float', 'int8', 'uint8', 'binary', 'ubinary'] },
    encoding_format: { enum: ['float', 'base64'] }
  },
  ['input', 'model']
)
