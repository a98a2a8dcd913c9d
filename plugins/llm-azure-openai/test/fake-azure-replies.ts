import type { ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'

/**
 * Replies the Azure OpenAI stand-in gives, shaped like Azure's (chunks as its chat completions
 * stream them, with `prompt_filter_results` first and `content_filter_results` on the choices;
 * error bodies and headers as it sends them), and builders for the usual ones.
 */

/** How the stand-in answers one request. `delayMs` waits before the status line is sent. */
export type FakeAzureReply =
  /** A JSON body: a completion, an embeddings list, or an error with its status and headers. */
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  /**
   * Server-sent events, each chunk as `data: <json>`, then `data: [DONE]` unless `done` is false;
   * `holdOpen` keeps the connection open after the chunks until the client goes away. A usage
   * chunk is only sent when the request asked for it (`stream_options.include_usage`).
   */
  | { chunks: unknown[]; chunkDelayMs?: number; done?: boolean; holdOpen?: boolean; delayMs?: number }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { hang: true }

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  /** Prompt tokens served from Azure's prompt cache. */
  cached_tokens?: number
}

const created = 1733500000
const fingerprint = 'fp_b705f0c291'
const completionId = 'chatcmpl-AbC0dEfGhIjKlMnOpQrStUvWxYz12'

/** Every category passed: what Azure puts on a choice's chunk when nothing was filtered. */
export const passedFilters = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' }
}

/** Azure's first chunk of every stream: the prompt's filter results and no choices. */
export function promptFilterChunk() {
  return {
    choices: [],
    created: 0,
    id: '',
    model: '',
    object: '',
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: { ...passedFilters, jailbreak: { filtered: false, detected: false } } }]
  }
}

/** A chunk of the answer: a `delta`, the choice's filter results (`{}` on the first and last), and a `finish_reason` on the last. */
export function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null = null, filterResults: unknown = passedFilters) {
  return {
    choices: [{ content_filter_results: filterResults, delta, finish_reason: finishReason, index: 0, logprobs: null }],
    created,
    id: completionId,
    model,
    object: 'chat.completion.chunk',
    system_fingerprint: fingerprint
  }
}

function usageOf({ prompt_tokens, completion_tokens, cached_tokens = 0 }: Usage) {
  return {
    completion_tokens,
    completion_tokens_details: { accepted_prediction_tokens: 0, audio_tokens: 0, reasoning_tokens: 0, rejected_prediction_tokens: 0 },
    prompt_tokens,
    prompt_tokens_details: { audio_tokens: 0, cached_tokens },
    total_tokens: prompt_tokens + completion_tokens
  }
}

/** The last chunk of a stream that asked for `stream_options.include_usage`: no choices, only usage. */
export function usageChunk(model: string, usage: Usage) {
  return { choices: [], created, id: completionId, model, object: 'chat.completion.chunk', system_fingerprint: fingerprint, usage: usageOf(usage) }
}

const roleChunk = (model: string, content: string | null = '') => chunk(model, { content, refusal: null, role: 'assistant' }, null, {})

/** A streamed text answer in `pieces`, ending with `finishReason` and the usage chunk. */
export function textStream(model: string, pieces: string[], usage: Usage, finishReason = 'stop'): FakeAzureReply {
  return {
    chunks: [promptFilterChunk(), roleChunk(model), ...pieces.map((content) => chunk(model, { content })), chunk(model, {}, finishReason, {}), usageChunk(model, usage)]
  }
}

/** Streamed tool calls (several in parallel), each call's arguments in fragments as Azure cuts them. */
export function toolCallStream(model: string, calls: Array<{ id: string; name: string; arguments: string }>, usage: Usage): FakeAzureReply {
  return {
    chunks: [
      promptFilterChunk(),
      roleChunk(model, null),
      ...calls.flatMap((call, index) => [
        chunk(model, { tool_calls: [{ function: { arguments: '', name: call.name }, id: call.id, index, type: 'function' }] }, null, {}),
        ...piecesOf(call.arguments).map((part) => chunk(model, { tool_calls: [{ function: { arguments: part }, index }] }, null, {}))
      ]),
      chunk(model, {}, 'tool_calls', {}),
      usageChunk(model, usage)
    ]
  }
}

/**
 * A stream the content filter stops: some text, then the annotation chunk that ends it, with no
 * delta and `finish_reason: "content_filter"` (the shape of Azure's "blocked by filters" sample).
 */
export function filteredStream(model: string, pieces: string[], filterResults: unknown): FakeAzureReply {
  return {
    chunks: [
      promptFilterChunk(),
      roleChunk(model),
      ...pieces.map((content) => chunk(model, { content })),
      { choices: [{ content_filter_results: filterResults, finish_reason: 'content_filter', index: 0 }], created: 0, id: '', model: '', object: '' }
    ]
  }
}

/** A non-streamed chat completion answering `content` and/or tool calls (arguments as JSON strings). */
export function completion({
  model,
  content = null,
  toolCalls,
  finishReason = toolCalls ? 'tool_calls' : 'stop',
  usage,
  filterResults = passedFilters
}: {
  model: string
  content?: string | null
  toolCalls?: Array<{ id: string; name: string; arguments: string }>
  finishReason?: string
  usage: Usage
  filterResults?: unknown
}): FakeAzureReply {
  const message = {
    annotations: [],
    content,
    refusal: null,
    role: 'assistant',
    ...(toolCalls && { tool_calls: toolCalls.map(({ id, name, arguments: args }) => ({ function: { arguments: args, name }, id, type: 'function' })) })
  }
  return {
    json: {
      choices: [{ content_filter_results: filterResults, finish_reason: finishReason, index: 0, logprobs: null, message }],
      created,
      id: completionId,
      model,
      object: 'chat.completion',
      prompt_filter_results: promptFilterChunk().prompt_filter_results,
      system_fingerprint: fingerprint,
      usage: usageOf(usage)
    }
  }
}

/** An embeddings list, one vector per input, as the embeddings operation answers. */
export function embeddingsList(model: string, inputs: string[], dimensions = 3): FakeAzureReply {
  return {
    json: {
      data: inputs.map((text, index) => ({ embedding: Array.from({ length: dimensions }, (_, at) => ((text.length + at) % 7) / 7 - 0.5), index, object: 'embedding' })),
      model,
      object: 'list',
      usage: { prompt_tokens: inputs.join(' ').split(/\s+/).length, total_tokens: inputs.join(' ').split(/\s+/).length }
    }
  }
}

/** An error in Azure's format, `{"error": {...}}`, with its status and headers. */
export function azureError(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): FakeAzureReply {
  return { status, headers, json: { error } }
}

/** Azure's 401 for a missing or wrong `api-key`. */
export function accessDenied(): FakeAzureReply {
  return azureError(401, {
    code: '401',
    message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'
  })
}

/** Azure's 429 when a deployment's tokens-per-minute quota is spent, with both of its retry headers. */
export function rateLimited(retryAfterMs: number, apiVersion = '2024-10-21'): FakeAzureReply {
  const seconds = Math.ceil(retryAfterMs / 1000)
  return azureError(
    429,
    {
      code: '429',
      message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`
    },
    { 'retry-after': String(seconds), 'retry-after-ms': String(retryAfterMs), 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '0' }
  )
}

/** A 503 while the region has no capacity. */
export function serviceUnavailable(): FakeAzureReply {
  return azureError(503, { code: 'ServiceUnavailable', message: 'The service is temporarily unable to process your request. Please try again later.' }, { 'retry-after': '10' })
}

/** Azure's 400 when the conversation does not fit the model. */
export function contextTooLong(): FakeAzureReply {
  return azureError(400, {
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130521 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded'
  })
}

/** Azure's 400 for a prompt its content filter refused, with the verdict in `innererror.content_filter_result`. */
export function promptFiltered(verdict: Record<string, unknown> = { ...passedFilters, hate: { filtered: true, severity: 'high' }, violence: { filtered: true, severity: 'medium' } }): FakeAzureReply {
  return azureError(400, {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: verdict }
  })
}

/** The answer text in a few stream pieces, as Azure cuts them. */
export function piecesOf(text: string): string[] {
  return text.match(/.{1,4}/gs) ?? []
}

/**
 * What the stand-in answers for the provider contract's scripted answer: streamed when the
 * request streams, in Azure's wire format, for a deployment running `model`.
 */
export function scriptedReply(answer: ScriptedAnswer, { streamed, model }: { streamed: boolean; model: string }): FakeAzureReply {
  const usage = { prompt_tokens: 14, completion_tokens: 9 }
  if ('text' in answer) return streamed ? textStream(model, piecesOf(answer.text), usage) : completion({ model, content: answer.text, usage })
  if ('toolCalls' in answer) {
    const calls = answer.toolCalls.map((call, index) => ({ id: `call_${index}Xq3pR8sT2uV`, name: call.name, arguments: JSON.stringify(call.arguments) }))
    return streamed ? toolCallStream(model, calls, usage) : completion({ model, toolCalls: calls, usage })
  }
  if ('hang' in answer) return { chunks: [promptFilterChunk(), roleChunk(model), chunk(model, { content: 'Once' })], holdOpen: true }
  switch (answer.failure) {
    case 'auth':
      return accessDenied()
    case 'rate_limited':
      return rateLimited((answer.retryAfterSeconds ?? 1) * 1000)
    case 'overloaded':
      return serviceUnavailable()
    case 'context_too_long':
      return contextTooLong()
    case 'content_filtered':
      return promptFiltered()
    case 'cut_stream':
      return { chunks: [promptFilterChunk(), roleChunk(model), chunk(model, { content: 'Once upon' })], done: false }
  }
}
