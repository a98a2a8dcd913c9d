import type { ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import {
  answering,
  apiError,
  errorEvent,
  message,
  messageEvents,
  text,
  thinking,
  tokenCount,
  toolUse,
  type FakeReply,
  type ReplyMessage
} from './fake-anthropic-replies.js'
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from './fake-anthropic-server.js'

export interface ScriptedAnthropic extends FakeAnthropic {
  /** Queues what the stand-in answers next (one per request); a request with none queued gets a 500. */
  answer(next: ScriptedAnswer): void
  /** The bodies of the requests it took (refused ones included), in order. */
  bodies(): unknown[]
}

/** A message answering `content`, with usage counted from the request and the content. */
function replyFor(request: RecordedRequest, content: Parameters<typeof message>[0]['content'], extra: Partial<Parameters<typeof message>[0]> = {}): ReplyMessage {
  const usage = { input_tokens: tokenCount(JSON.stringify(request.body.messages) + (JSON.stringify(request.body.system) ?? '')), output_tokens: Math.max(1, tokenCount(content)) }
  return message({ content, model: request.body.model, usage, ...extra })
}

/**
 * The reply to `request` for a scripted answer, each as Anthropic sends it: text (streamed as text
 * deltas when asked), tool calls as `tool_use` blocks after the model's thinking (several for
 * parallel calls), a wrong key as a 401 `authentication_error`, a rate limit as a 429 with
 * `retry-after`, an overload as a 529 (or, on a stream, an `error` event after the 200), a prompt
 * over the context window as a 400, the safety classifiers as `stop_reason: refusal`, a cut stream
 * as a connection lost mid-answer, and a hang as one text delta and then silence.
 */
export function scriptedReply(next: ScriptedAnswer, request: RecordedRequest): FakeReply {
  const streaming = request.body.stream === true
  if ('text' in next) return answering(request, replyFor(request, [text(next.text)]))
  if ('toolCalls' in next) {
    const calls = next.toolCalls.map(({ name, arguments: input }) => toolUse(name, input))
    return answering(request, replyFor(request, [thinking(`The user asks something ${next.toolCalls.map((call) => call.name).join(' and ')} can answer.`), ...calls]))
  }
  if ('hang' in next) {
    const events = messageEvents(replyFor(request, [text('Once upon a time')]))
    return { events: events.slice(0, events.findIndex((event) => event.event === 'content_block_delta') + 1), then: 'hang' }
  }
  switch (next.failure) {
    case 'auth':
      return apiError(401, 'authentication_error', 'invalid x-api-key')
    case 'rate_limited':
      return apiError(429, 'rate_limit_error', 'This request would exceed the rate limit for your organization of 50 requests per minute.', {
        'retry-after': String(next.retryAfterSeconds ?? 30),
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0'
      })
    case 'overloaded': {
      if (!streaming) return apiError(529, 'overloaded_error', 'Overloaded')
      const events = messageEvents(replyFor(request, [text('Let me think')]))
      return { events: [...events.slice(0, 2), errorEvent('overloaded_error', 'Overloaded')] }
    }
    case 'context_too_long':
      return apiError(400, 'invalid_request_error', 'prompt is too long: 1048713 tokens > 1000000 maximum')
    case 'content_filtered':
      return answering(
        request,
        replyFor(request, [], {
          stopReason: 'refusal',
          stopDetails: { type: 'refusal', category: 'general_harms', explanation: 'This request was declined by the safety classifiers.' }
        })
      )
    case 'cut_stream': {
      const events = messageEvents(replyFor(request, [text('It was a dark and stormy night, and the rain fell in torrents')]))
      return { events: events.slice(0, events.findIndex((event) => event.event === 'content_block_delta') + 3), then: 'drop' }
    }
  }
}

/**
 * A stand-in driven by a queue of scripted answers (the contract suite's `answer(...)`), for tests
 * that talk to it through the provider: chat and crews through Anthropic, failover across vendors.
 */
export async function startScriptedAnthropic(options: { apiKey?: string } = {}): Promise<ScriptedAnthropic> {
  const queue: ScriptedAnswer[] = []
  const fake = await startFakeAnthropic((request) => {
    const next = queue.shift()
    return next ? scriptedReply(next, request) : apiError(500, 'api_error', 'The stand-in has no answer scripted for this request')
  }, options)
  return { ...fake, answer: (next) => void queue.push(next), bodies: () => fake.requests.map((request) => request.body) }
}
