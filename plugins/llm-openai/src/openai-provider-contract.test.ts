import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeProviderContract, type ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import { chunk, completionReply, errorReply, startFakeOpenAi, usageChunk, type FakeOpenAi, type FakeReply, type RecordedRequest } from '../test/fake-openai-server.js'
import { openAiProviderKind } from './openai-provider.js'

const apiKey = 'sk-contract-0123456789abcdef'
const usage = { prompt_tokens: 12, completion_tokens: 7 }

/** The answer's text in a few stream pieces, as OpenAI cuts them. */
const pieces = (text: string) => text.match(/.{1,4}/gs) ?? []

/** What the fake answers for a scripted answer, streamed when the request streams, as OpenAI does. */
function replyFor(answer: ScriptedAnswer, request: RecordedRequest): FakeReply {
  const streamed = request.body?.stream === true
  if ('text' in answer) {
    if (!streamed) return completionReply({ content: answer.text, usage })
    return { stream: [chunk({ role: 'assistant', content: '' }), ...pieces(answer.text).map((content) => chunk({ content })), chunk({}, 'stop'), usageChunk(usage.prompt_tokens, usage.completion_tokens)] }
  }
  if ('toolCalls' in answer) {
    const calls = answer.toolCalls.map((call, index) => ({ id: `call_${index}abc`, name: call.name, arguments: JSON.stringify(call.arguments) }))
    if (!streamed) return completionReply({ toolCalls: calls, usage })
    return {
      stream: [
        chunk({ role: 'assistant', content: null }),
        ...calls.flatMap((call, index) => [
          chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
          ...pieces(call.arguments).map((part) => chunk({ tool_calls: [{ index, function: { arguments: part } }] }))
        ]),
        chunk({}, 'tool_calls'),
        usageChunk(usage.prompt_tokens, usage.completion_tokens)
      ]
    }
  }
  if ('hang' in answer) return { stream: [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Once' })], holdOpen: true }
  switch (answer.failure) {
    case 'auth':
      return errorReply(401, `Incorrect API key provided: ${apiKey.slice(0, 6)}****. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key')
    case 'rate_limited':
      return errorReply(429, 'Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.', 'requests', 'rate_limit_exceeded', { 'retry-after': String(answer.retryAfterSeconds ?? 1) })
    case 'overloaded':
      return errorReply(503, 'The engine is currently overloaded, please try again later', 'server_error', null)
    case 'context_too_long':
      return errorReply(400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", 'invalid_request_error', 'context_length_exceeded')
    case 'content_filtered':
      return errorReply(400, "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", 'invalid_request_error', 'content_filter')
    case 'cut_stream':
      return { stream: [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Once upon' })], done: false }
  }
}

let server: FakeOpenAi
const queue: ScriptedAnswer[] = []

describeProviderContract(
  { describe, it, expect, beforeAll, afterAll },
  {
    kind: openAiProviderKind,
    model: 'gpt-4o-mini',
    embeddings: { model: 'text-embedding-3-small' },
    async start() {
      server = await startFakeOpenAi({
        'POST /chat/completions': (request) => replyFor(queue.shift() ?? { text: 'unscripted' }, request),
        'POST /embeddings': (request) => ({
          json: {
            object: 'list',
            model: request.body.model,
            data: (request.body.input as string[]).map((text, index) => ({ object: 'embedding', index, embedding: [text.length / 10, 0.5, -0.25] })),
            usage: { prompt_tokens: 6, total_tokens: 6 }
          }
        })
      })
      return { baseUrl: server.url, apiKey }
    },
    stop: () => server.close(),
    answer: (next) => void queue.push(next),
    requests: () => server.requests.map((request) => request.body)
  }
)
