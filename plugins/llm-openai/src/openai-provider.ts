import { openAiPrices } from './prices.js'
import { LlmProviderError, type ChatOptions, type ChatRequest, type ChatResult, type EmbedRequest, type EmbedResult, type LlmProvider, type LlmProviderConfig, type LlmProviderKind } from '@troupe/sdk/plugin'
import OpenAI from 'openai'
import { accumulateStream } from './accumulate-stream.js'
import { withoutEnvironmentHeaders } from './environment-headers.js'
import { toFinishReason, toToolCall } from './from-openai-choice.js'
import { mapOpenAiError } from './map-openai-error.js'
import { openAiOptionsSchema, type OpenAiOptions } from './options-schema.js'
import { toOpenAiMessages, toOpenAiTools } from './to-openai-messages.js'
import { openAiOperatorEndpoint, openAiSeeds } from './operator-settings.js'

const defaultTimeoutMs = 60_000

/** A provider for one OpenAI-compatible endpoint (OpenAI, a gateway, Ollama, vLLM, llama.cpp...). */
export function createOpenAiProvider(config: LlmProviderConfig): LlmProvider {
  const options = config.options as OpenAiOptions
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const client = new OpenAI({
    baseURL: config.baseUrl ?? 'https://api.openai.com/v1',
    // Local servers need no key, but the client refuses to start without one.
    apiKey: config.apiKey ?? 'not-needed',
    // Explicit nulls keep the client from reading OPENAI_ORG_ID and OPENAI_PROJECT_ID from the host's environment.
    organization: options.organization ?? null,
    project: null,
    fetch: config.fetch,
    // The host fails over to the next provider instead.
    maxRetries: 0,
    timeout: timeoutMs,
    defaultHeaders: withoutEnvironmentHeaders(options.headers)
  })

  return {
    async chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      // The client's own timeout stops at the response headers; this one also bounds a stream that stalls.
      const deadline = AbortSignal.timeout(timeoutMs)
      const requestSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
      const body = {
        model: request.model,
        messages: toOpenAiMessages(request.messages),
        ...(request.tools?.length && { tools: toOpenAiTools(request.tools) }),
        temperature: request.temperature ?? options.temperature,
        max_tokens: request.maxTokens,
        ...(request.responseFormat && {
          response_format: { type: 'json_schema' as const, json_schema: { name: request.responseFormat.name, schema: request.responseFormat.schema } }
        })
      }
      try {
        if (!onToken) {
          const completion = await client.chat.completions.create(body, { signal: requestSignal })
          const choice = completion.choices[0]
          const toolCalls = (choice?.message.tool_calls ?? [])
            .filter((call) => call.type === 'function')
            .map((call) => toToolCall({ id: call.id, ...call.function }))
          return {
            text: choice?.message.content ?? '',
            toolCalls,
            usage: usageOf(completion.usage),
            model: completion.model || request.model,
            finishReason: toFinishReason(choice?.finish_reason, toolCalls)
          }
        }
        const stream = await client.chat.completions.create(
          { ...body, stream: true, stream_options: { include_usage: true } },
          { signal: requestSignal }
        )
        const reply = await accumulateStream(stream, onToken)
        // The client ends an aborted stream quietly, as if the reply were complete.
        requestSignal.throwIfAborted()
        // It does the same when the server closes the stream early: only a finish reason says the reply is whole.
        if (reply.finishReason === null) throw LlmProviderError.of('cut_stream', 'The stream ended before the reply was complete')
        const toolCalls = reply.toolCalls.map(toToolCall)
        return {
          text: reply.text,
          toolCalls,
          usage: reply.usage,
          model: reply.model || request.model,
          finishReason: toFinishReason(reply.finishReason, toolCalls)
        }
      } catch (error) {
        throw mapOpenAiError(error, { signal, deadline, timeoutMs, apiKey: config.apiKey })
      }
    },

    async embed(request: EmbedRequest, { signal }: { signal?: AbortSignal } = {}): Promise<EmbedResult> {
      const deadline = AbortSignal.timeout(timeoutMs)
      const requestSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
      try {
        const answer = await client.embeddings.create(
          { model: request.model, input: request.texts, encoding_format: 'float', ...(request.dimensions && { dimensions: request.dimensions }) },
          { signal: requestSignal }
        )
        const vectors = [...answer.data].sort((a, b) => a.index - b.index).map((item) => item.embedding)
        if (vectors.length !== request.texts.length) throw LlmProviderError.of('server', `The endpoint answered ${vectors.length} vectors for ${request.texts.length} texts`)
        return { vectors, model: answer.model || request.model, usage: { promptTokens: answer.usage?.prompt_tokens ?? 0 } }
      } catch (error) {
        throw mapOpenAiError(error, { signal, deadline, timeoutMs, apiKey: config.apiKey })
      }
    }
  }
}

/** Tokens used, with those the endpoint served from its prompt cache. */
function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null } | null | undefined) {
  const cached = usage?.prompt_tokens_details?.cached_tokens
  return { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0, ...(cached ? { cachedPromptTokens: cached } : {}) }
}

export const openAiProviderKind: LlmProviderKind = {
  kind: 'openai',
  displayName: 'OpenAI-compatible',
  description: 'OpenAI or any endpoint speaking its Chat Completions API (gateways, Ollama, vLLM, llama.cpp, LM Studio)',
  usesNetwork: true,
  optionsSchema: openAiOptionsSchema,
  defaultModel: 'gpt-4o-mini',
  defaultEmbeddingModel: 'text-embedding-3-small',
  // Chat Completions' `response_format: json_schema` (OpenAI; vLLM, Ollama and LiteLLM take it too).
  structuredOutput: 'native',
  prices: openAiPrices,
  operatorEndpoint: openAiOperatorEndpoint,
  seedProviders: openAiSeeds,
  create: createOpenAiProvider
}
