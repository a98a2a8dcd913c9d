/** Replies the fake OpenAI server can give, and builders for the usual ones. */

/** How the fake answers one request. `delayMs` waits before the status line is sent. */
export type FakeReply =
  /** A JSON body (a completion, or an error body with `status` and the headers the vendor sends with it). */
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  /**
   * A server-sent-events stream: each chunk as `data: <json>`, then `data: [DONE]` unless `done` is
   * false; `holdOpen` keeps the connection open after the chunks, until the client goes away.
   */
  | { stream: unknown[]; chunkDelayMs?: number; done?: boolean; delayMs?: number; holdOpen?: boolean }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { hang: true }

/** An OpenAI-style error body with `status`, e.g. `errorReply(429, 'Rate limit reached')`. */
export function errorReply(status: number, message: string, type = 'api_error', code: string | null = null, headers?: Record<string, string>): FakeReply {
  return { status, headers, json: { error: { message, type, param: null, code } } }
}

/** A non-streaming chat completion answering `content` and/or `toolCalls` (arguments as JSON strings). */
export function completionReply({
  content = null,
  toolCalls,
  finishReason = toolCalls ? 'tool_calls' : 'stop',
  model = 'fake-model',
  usage = { prompt_tokens: 0, completion_tokens: 0 }
}: {
  content?: string | null
  toolCalls?: Array<{ id: string; name: string; arguments: string }>
  finishReason?: string
  model?: string
  usage?: { prompt_tokens: number; completion_tokens: number }
}): FakeReply {
  const message = {
    role: 'assistant',
    content,
    ...(toolCalls && {
      tool_calls: toolCalls.map(({ id, name, arguments: args }) => ({ id, type: 'function', function: { name, arguments: args } }))
    })
  }
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens }
    }
  }
}

/** One streamed chunk carrying a `delta` (and a `finish_reason` on the last one). */
export function chunk(delta: Record<string, unknown>, finishReason: string | null = null, model = 'fake-model') {
  return { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finishReason }] }
}

/** The final chunk OpenAI sends with `stream_options.include_usage`: no choices, only usage. */
export function usageChunk(prompt_tokens: number, completion_tokens: number, model = 'fake-model') {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 0,
    model,
    choices: [],
    usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens }
  }
}

/** A stream answering `tokens` as content deltas, ending with `stop` and, when given, a usage chunk. */
export function textStreamReply(tokens: string[], usage?: { prompt_tokens: number; completion_tokens: number }): FakeReply {
  return {
    stream: [
      chunk({ role: 'assistant', content: '' }),
      ...tokens.map((content) => chunk({ content })),
      chunk({}, 'stop'),
      ...(usage ? [usageChunk(usage.prompt_tokens, usage.completion_tokens)] : [])
    ]
  }
}
