/**
 * The request bodies of Ollama's `/api/chat` and `/api/embed` as JSON Schemas, from its OpenAPI
 * description (`docs/openapi.yaml`) completed with the fields of its Go types (`api/types.go`:
 * `tool_name`, `tool_call_id`, a call's `id` and `index`, `truncate`, `shift`). Stricter than the
 * server on purpose: Ollama ignores a field or model option it does not know (an option with only a
 * log line), so a misspelt one would silently do nothing; the stand-in refuses it instead.
 */

const integer = { type: 'integer' }
const number = { type: 'number' }
const string = { type: 'string' }
const boolean = { type: 'boolean' }

// What Go's time.ParseDuration reads: Ollama answers 400 for a keep_alive string it cannot parse.
const keepAlive = { oneOf: [{ type: 'string', pattern: '^[-+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+)$' }, number] }

/** The model options Ollama knows (its `Options` and `Runner` structs). */
const modelOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    num_keep: integer,
    seed: integer,
    num_predict: integer,
    top_k: integer,
    top_p: number,
    min_p: number,
    typical_p: number,
    repeat_last_n: integer,
    temperature: number,
    repeat_penalty: number,
    presence_penalty: number,
    frequency_penalty: number,
    stop: { oneOf: [string, { type: 'array', items: string }] },
    num_ctx: { type: 'integer', minimum: 1 },
    num_batch: integer,
    num_gpu: integer,
    main_gpu: integer,
    use_mmap: boolean,
    num_thread: integer,
    draft_num_predict: integer
  }
}

const toolCall = {
  type: 'object',
  additionalProperties: false,
  required: ['function'],
  properties: {
    id: string,
    // Not a field of Ollama's type, but its tool-calling guide sends it.
    type: { const: 'function' },
    function: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { index: integer, name: { type: 'string', minLength: 1 }, description: string, arguments: { type: 'object' } }
    }
  }
}

const message = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'content'],
  properties: {
    role: { enum: ['system', 'user', 'assistant', 'tool'] },
    content: string,
    thinking: string,
    images: { type: 'array', items: string },
    tool_calls: { type: 'array', items: toolCall },
    tool_name: string,
    tool_call_id: string
  }
}

const toolDefinition = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'function'],
  properties: {
    type: { const: 'function' },
    function: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'parameters'],
      properties: { name: { type: 'string', minLength: 1 }, description: string, parameters: { type: 'object' } }
    }
  }
}

export const chatRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['model', 'messages'],
  properties: {
    model: { type: 'string', minLength: 1 },
    messages: { type: 'array', items: message },
    tools: { type: 'array', items: toolDefinition },
    format: { oneOf: [{ const: 'json' }, { type: 'object' }] },
    options: modelOptions,
    stream: boolean,
    think: { oneOf: [boolean, { enum: ['high', 'medium', 'low', 'max'] }] },
    keep_alive: keepAlive,
    logprobs: boolean,
    top_logprobs: integer,
    truncate: boolean,
    shift: boolean
  }
}

export const embedRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['model', 'input'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: { oneOf: [string, { type: 'array', items: string }] },
    truncate: boolean,
    dimensions: { type: 'integer', minimum: 1 },
    keep_alive: keepAlive,
    options: modelOptions
  }
}
