import type { ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import { answering, apiError, converseReply, streamEvents, text, tokenCount, toolUse, type FakeReply, type ReplyBlock } from './bedrock-replies.js'
import { standInKey, startFakeBedrock, type FakeBedrock, type RecordedRequest } from './fake-bedrock-server.js'
import { titanVectorOf } from './check-titan-request.js'

export interface ScriptedBedrock extends FakeBedrock {
  /** Queues what the stand-in answers next (one per request); a request with none queued gets a 500. */
  answer(next: ScriptedAnswer): void
  /** The bodies of the requests it took (refused ones included), in order. */
  bodies(): unknown[]
}

/** A Converse response with `content`, its usage counted from the request and the content. */
function replyFor(request: RecordedRequest, content: ReplyBlock[], stopReason?: string) {
  const usage = { inputTokens: Math.max(1, tokenCount(JSON.stringify(request.body.messages) + (JSON.stringify(request.body.system) ?? ''))), outputTokens: Math.max(1, tokenCount(content)) }
  return converseReply({ content, usage, stopReason })
}

/**
 * The reply to `request` for a scripted answer, each as Bedrock sends it: text (streamed as text
 * deltas when asked), tool calls as `toolUse` blocks (several for parallel calls), a wrong key as
 * a 403 `UnrecognizedClientException`, a rate limit as a 429 `ThrottlingException` (with the
 * `retry-after` the suite asks for, which Bedrock itself does not document), an overload as a 503
 * `ServiceUnavailableException` (on a stream, a `serviceUnavailableException` message after the
 * 200), a prompt over the context window as a 400 `ValidationException`, the model's content
 * filter as `stopReason: content_filtered`, a cut stream as one that ends without `messageStop`,
 * and a hang as one text delta and then silence.
 */
export function scriptedReply(next: ScriptedAnswer, request: RecordedRequest): FakeReply {
  if ('text' in next) return answering(request.streaming, replyFor(request, [text(next.text)]))
  if ('toolCalls' in next) return answering(request.streaming, replyFor(request, next.toolCalls.map(({ name, arguments: input }) => toolUse(name, input))))
  if ('hang' in next) return { messages: streamEvents(replyFor(request, [text('Once upon a time')])).slice(0, 2), then: 'hang' }
  switch (next.failure) {
    case 'auth':
      return apiError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.')
    case 'rate_limited':
      return apiError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.', { 'retry-after': String(next.retryAfterSeconds ?? 30) })
    case 'overloaded':
      if (!request.streaming) return apiError(503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.')
      return { messages: [...streamEvents(replyFor(request, [text('Let me think')])).slice(0, 2), { exception: 'serviceUnavailableException', message: 'Bedrock is unable to process your request.' }] }
    case 'context_too_long':
      return apiError(400, 'ValidationException', 'Input is too long for requested model.')
    case 'content_filtered':
      return answering(request.streaming, replyFor(request, [], 'content_filtered'))
    case 'cut_stream': {
      const events = streamEvents(replyFor(request, [text('It was a dark and stormy night, and the rain fell in torrents')]))
      return { messages: events.slice(0, 4) }
    }
  }
}

/** Titan's InvokeModel answer: `{embedding, inputTextTokenCount}` (V2 also `embeddingsByType`), 1024 dimensions unless asked. */
export function titanEmbedding(request: RecordedRequest): FakeReply {
  const { inputText, dimensions } = request.body as { inputText: string; dimensions?: number }
  const embedding = titanVectorOf(inputText, dimensions ?? (request.modelId?.startsWith('amazon.titan-embed-text-v2') ? 1024 : 1536))
  return { json: { embedding, inputTextTokenCount: tokenCount(inputText), ...(request.modelId?.startsWith('amazon.titan-embed-text-v2') && { embeddingsByType: { float: embedding } }) } }
}

/**
 * A stand-in driven by a queue of scripted answers (the contract suite's `answer(...)`), for tests
 * that talk to it through the provider. Create the provider with `baseUrl: url`, `apiKey` and
 * `options: { region, accessKeyId }`.
 */
export async function startScriptedBedrock(): Promise<ScriptedBedrock> {
  const queue: ScriptedAnswer[] = []
  const fake = await startFakeBedrock((request) => {
    // Embeddings are not scripted: every valid InvokeModel call gets its text's vector.
    if (request.operation === 'invoke') return titanEmbedding(request)
    const next = queue.shift()
    return next ? scriptedReply(next, request) : apiError(500, 'InternalServerException', 'The stand-in has no answer scripted for this request')
  }, standInKey)
  return { ...fake, answer: (next) => void queue.push(next), bodies: () => fake.requests.map((request) => request.body) }
}
