/**
 * The request bodies of Azure OpenAI's chat completions and embeddings operations as JSON Schemas,
 * from the inference REST specification (azure-rest-api-specs,
 * `specification/cognitiveservices/data-plane/AzureOpenAI/inference/stable/2024-10-21/inference.json`:
 * `createChatCompletionRequest`, `chatCompletionsRequestCommon`, the message, tool and
 * response-format schemas, and the embeddings request body), with what each api-version added
 * (Microsoft's API version lifecycle page). Stricter than the service on purpose: a field the
 * specification does not list is refused (Azure answers "Unrecognized request argument supplied"),
 * so a misspelt field cannot pass unnoticed.
 */

/** What an api-version's specification has beyond the 2024-06-01 GA. */
export interface DocumentedFeatures {
  /** `response_format` of type `json_schema` (2024-08-01-preview). */
  jsonSchema: boolean
  /** `max_completion_tokens`, `parallel_tool_calls` and `stream_options` (2024-09-01-preview). */
  reasoningAndStreamUsage: boolean
}

const none: DocumentedFeatures = { jsonSchema: false, reasoningAndStreamUsage: false }
const all: DocumentedFeatures = { jsonSchema: true, reasoningAndStreamUsage: true }

/** The api-versions the stand-in serves, each with what its specification documents; others answer 404. */
export const apiVersions: Record<string, DocumentedFeatures> = {
  '2024-02-01': none,
  '2024-06-01': none,
  '2024-08-01-preview': { jsonSchema: true, reasoningAndStreamUsage: false },
  '2024-09-01-preview': all,
  '2024-10-01-preview': all,
  '2024-10-21': all,
  '2024-12-01-preview': all,
  '2025-01-01-preview': all,
  '2025-03-01-preview': all,
  '2025-04-01-preview': all
}

const string = { type: 'string' }
const nullableNumber = (minimum: number, maximum: number) => ({ type: ['number', 'null'], minimum, maximum })
const nullableInteger = { type: ['integer', 'null'] }
const nullableBoolean = { type: ['boolean', 'null'] }
const closed = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, required, properties })

const textPart = closed(['type', 'text'], { type: { enum: ['text'] }, text: string })
const imagePart = closed(['type', 'image_url'], {
  type: { enum: ['image_url'] },
  image_url: closed(['url'], { url: string, detail: { enum: ['auto', 'low', 'high'] } })
})
const refusalPart = closed(['type', 'refusal'], { type: { enum: ['refusal'] }, refusal: string })
const contentOf = (...parts: unknown[]) => ({ oneOf: [string, { type: 'array', minItems: 1, items: { oneOf: parts } }] })

const toolCall = closed(['id', 'type', 'function'], {
  id: string,
  type: { enum: ['function'] },
  function: closed(['name', 'arguments'], { name: string, arguments: string })
})

const systemMessage = closed(['role', 'content'], { role: { enum: ['system'] }, content: contentOf(textPart), name: string })
const userMessage = closed(['role', 'content'], { role: { enum: ['user'] }, content: contentOf(textPart, imagePart), name: string })
const assistantMessage = {
  ...closed(['role'], {
    role: { enum: ['assistant'] },
    content: { anyOf: [{ type: 'null' }, contentOf(textPart, refusalPart)] },
    refusal: { type: ['string', 'null'] },
    name: string,
    tool_calls: { type: 'array', items: toolCall }
  }),
  // "Required unless tool_calls or function_call is specified."
  anyOf: [{ required: ['content'] }, { required: ['tool_calls'] }]
}
const toolMessage = closed(['role', 'content', 'tool_call_id'], { role: { enum: ['tool'] }, content: contentOf(textPart), tool_call_id: string })

// "Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."
const functionName = { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' }

const tool = closed(['type', 'function'], {
  type: { enum: ['function'] },
  function: closed(['name'], { name: functionName, description: string, parameters: { type: 'object' }, strict: nullableBoolean })
})

const toolChoice = {
  oneOf: [{ enum: ['none', 'auto', 'required'] }, closed(['type', 'function'], { type: { enum: ['function'] }, function: closed(['name'], { name: string }) })]
}

function responseFormat(jsonSchema: boolean) {
  const formats: unknown[] = [closed(['type'], { type: { enum: ['text'] } }), closed(['type'], { type: { enum: ['json_object'] } })]
  if (jsonSchema) {
    formats.push(
      closed(['type', 'json_schema'], {
        type: { enum: ['json_schema'] },
        json_schema: closed(['name'], { name: functionName, description: string, schema: { type: 'object' }, strict: nullableBoolean })
      })
    )
  }
  return { type: 'object', required: ['type'], discriminator: { propertyName: 'type' }, oneOf: formats }
}

/** The body of `POST /openai/deployments/{deployment-id}/chat/completions` for an api-version's features. */
export function chatCompletionsRequestSchema({ jsonSchema, reasoningAndStreamUsage }: DocumentedFeatures) {
  return {
    ...closed(['messages'], {
      // Not in Azure's specification, but sent by the openai SDK and ignored by the service: the deployment in the path decides.
      model: string,
      messages: { type: 'array', minItems: 1, items: { type: 'object', required: ['role'], discriminator: { propertyName: 'role' }, oneOf: [systemMessage, userMessage, assistantMessage, toolMessage] } },
      temperature: nullableNumber(0, 2),
      top_p: nullableNumber(0, 1),
      stream: nullableBoolean,
      stop: { oneOf: [{ type: ['string', 'null'] }, { type: 'array', minItems: 1, maxItems: 4, items: string }] },
      max_tokens: nullableInteger,
      presence_penalty: nullableNumber(-2, 2),
      frequency_penalty: nullableNumber(-2, 2),
      logit_bias: { type: ['object', 'null'], additionalProperties: { type: 'integer' } },
      user: string,
      data_sources: { type: 'array', items: { type: 'object', required: ['type'] } },
      logprobs: nullableBoolean,
      top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
      n: { type: ['integer', 'null'], minimum: 1, maximum: 128 },
      response_format: responseFormat(jsonSchema),
      seed: nullableInteger,
      tools: { type: 'array', maxItems: 128, items: tool },
      tool_choice: toolChoice,
      ...(reasoningAndStreamUsage && {
        max_completion_tokens: nullableInteger,
        parallel_tool_calls: nullableBoolean,
        stream_options: { type: ['object', 'null'], additionalProperties: false, properties: { include_usage: { type: 'boolean' } } }
      })
    }),
    // "Only set this when you set stream: true."
    if: { required: ['stream_options'] },
    then: { required: ['stream'], properties: { stream: { const: true } } }
  }
}

/** The body of `POST /openai/deployments/{deployment-id}/embeddings`. */
export const embeddingsRequestSchema = closed(['input'], {
  // As for chat: sent by the openai SDK, ignored by the service.
  model: string,
  input: { oneOf: [string, { type: 'array', minItems: 1, maxItems: 2048, items: { type: 'string', minLength: 1 } }] },
  user: string,
  input_type: string,
  encoding_format: { enum: ['float', 'base64', null] },
  dimensions: { type: ['integer', 'null'], minimum: 1 }
})
