import {
  LlmProviderError,
  type ChatOptions,
  type ChatRequest,
  type ChatResult,
  type EmbedRequest,
  type EmbedResult,
  type LlmProvider,
  type LlmProviderConfig
} from '@troupe/sdk/plugin'
import type { ChatCompletionResponse } from '@mistralai/mistralai/models/components'
import { accumulateStream } from './accumulate-stream.js'
import { textOf, toFinishReason, toToolCall, toUsage } from './from-mistral-choice.js'
import { createMistralClient } from './mistral-client.js'
import { mapMistralError, type FailedCall } from './map-mistral-error.js'
import type { MistralOptions } from './options-schema.js'
import { toMistralChatRequest } from './to-mistral-request.js'

const defaultTimeoutMs = 60_000

/** Bounds the whole call, a stream that stalls included (the SDK's own timeout stops at the response headers). */
function callSignals(signal: AbortSignal | undefined, timeoutMs: number) {
  const deadline = AbortSignal.timeout(timeoutMs)
  return { deadline, requestSignal: signal ? AbortSignal.any([signal, deadline]) : deadline }
}

function fromCompletion(completion: ChatCompletionResponse, requestedModel: string): ChatResult {
  const choice = completion.choices[0]
  const toolCalls = (choice?.message?.toolCalls ?? []).map((call) => toToolCall({ id: call.id ?? '', ...call.function }))
  return {
    text: textOf(choice?.message?.content),
    toolCalls,
    usage: toUsage(completion.usage),
    model: completion.model || requestedModel,
    finishReason: toFinishReason(choice?.finishReason, toolCalls, { streamed: false })
  }
}

/** A provider for Mistral's API (or an endpoint that speaks it), through Mistral's own SDK. */
export function createMistralProvider(config: LlmProviderConfig): LlmProvider {
  const options = config.options as MistralOptions
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const client = createMistralClient(config)

  return {
    async chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      const { deadline, requestSignal } = callSignals(signal, timeoutMs)
      const call: FailedCall = { signal, deadline, timeoutMs, apiKey: config.apiKey }
      const body = toMistralChatRequest(request, options)
      if (!onToken) {
        const completion = await client.chat.complete(body, { signal: requestSignal }).catch((error: unknown) => {
          throw mapMistralError(error, call)
        })
        return fromCompletion(completion, request.model)
      }
      const stream = await client.chat.stream(body, { signal: requestSignal }).catch((error: unknown) => {
        throw mapMistralError(error, call)
      })
      const reply = await accumulateStream(stream, onToken).catch((error: unknown) => {
        throw mapMistralError(error, { ...call, midStream: true })
      })
      if (requestSignal.aborted) throw mapMistralError(requestSignal.reason, call)
      // The SDK ends a stream the server closed early as quietly as a whole one: only a finish reason says the answer is whole.
      if (reply.finishReason === null) throw LlmProviderError.of('cut_stream', 'The stream ended before the answer was complete')
      const toolCalls = reply.toolCalls.map(toToolCall)
      return {
        text: reply.text,
        toolCalls,
        usage: toUsage(reply.usage),
        model: reply.model || request.model,
        finishReason: toFinishReason(reply.finishReason, toolCalls, { streamed: true })
      }
    },

    async embed({ model, texts, dimensions }: EmbedRequest, { signal }: { signal?: AbortSignal } = {}): Promise<EmbedResult> {
      const { deadline, requestSignal } = callSignals(signal, timeoutMs)
      const response = await client.embeddings
        .create({ model, inputs: texts, ...(dimensions && { outputDimension: dimensions }) }, { signal: requestSignal })
        .catch((error: unknown) => {
          throw mapMistralError(error, { signal, deadline, timeoutMs, apiKey: config.apiKey })
        })
      const vectors = [...response.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((item) => item.embedding ?? [])
      if (vectors.length !== texts.length) throw LlmProviderError.of('server', `Mistral answered ${vectors.length} vectors for ${texts.length} texts`)
      return { vectors, model: response.model || model, usage: { promptTokens: response.usage.promptTokens ?? 0 } }
    }
  }
}

export { mistralProviderKind } from './mistral-kind.js'
