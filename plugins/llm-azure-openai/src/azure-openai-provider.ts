import {
  LlmProviderError,
  type ChatOptions,
  type ChatRequest,
  type ChatResult,
  type EmbedRequest,
  type EmbedResult,
  type LlmProvider,
  type LlmProviderConfig,
  type LlmProviderKind,
  type ResponseFormat
} from '@troupe/sdk/plugin'
import { withoutEnvironmentHeaders } from './environment-headers.js'
import { AzureOpenAI } from 'openai'
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions'
import { featuresOf, type ApiVersionFeatures } from './api-version-features.js'
import { filteredAnswer } from './content-filter.js'
import { abortError, mapAzureError } from './map-azure-error.js'
import { azureOpenAiOptionsSchema, defaultApiVersion, type AzureOpenAiOptions } from './options-schema.js'
import { parseToolCall } from './parse-tool-call.js'
import { azureOpenAiPrices } from './prices.js'
import { readChatStream, toUsage, type AzureChunk } from './read-chat-stream.js'
import { checkedDeployment, resourceEndpoint } from './resource-endpoint.js'
import { toChatMessages, toChatTools } from './to-chat-messages.js'

const defaultTimeoutMs = 60_000

/**
 * A provider for the deployments of one Azure OpenAI resource. Requests go to
 * `{endpoint}/openai/deployments/{deployment}/...?api-version=...` with the record's key in the
 * `api-key` header, through the host's fetch; the chat deployment is the request's `model` (the
 * record's `model`), the embeddings deployment `options.embeddingDeployment`.
 */
export function createAzureOpenAiProvider(config: LlmProviderConfig): LlmProvider {
  const options = config.options as AzureOpenAiOptions
  const apiVersion = options.apiVersion ?? defaultApiVersion
  const features = featuresOf(apiVersion)
  const endpoint = resourceEndpoint(config.baseUrl)
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const apiKey = config.apiKey
  // Without a key the client would read AZURE_OPENAI_API_KEY from the host's environment, a key
  // that is not the tenant's: such a provider fails each call as an auth failure instead.
  const client = apiKey
    ? new AzureOpenAI({
        // baseURL, not endpoint: the client would otherwise take OPENAI_BASE_URL from the environment.
        baseURL: `${endpoint}/openai`,
        apiKey,
        apiVersion,
        // Explicit nulls keep the client from reading OPENAI_ORG_ID and OPENAI_PROJECT_ID.
        organization: null,
        project: null,
        fetch: config.fetch,
        // The host fails over to the next provider instead.
        maxRetries: 0,
        timeout: timeoutMs,
        defaultHeaders: withoutEnvironmentHeaders()
      })
    : undefined

  /** Runs one call bounded by the timeout (the client's own stops at the headers; this one also ends a stream that stalls). */
  async function call<T>(signal: AbortSignal | undefined, run: (azure: AzureOpenAI, requestSignal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw abortError()
    if (!client) throw LlmProviderError.of('auth', 'The Azure OpenAI provider has no API key')
    const deadline = AbortSignal.timeout(timeoutMs)
    const requestSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
    try {
      return await run(client, requestSignal)
    } catch (error) {
      throw mapAzureError(error, { signal, deadline, timeoutMs, apiKey })
    }
  }

  return {
    chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      return call(signal, async (azure, requestSignal) => {
        const body = chatBody(request, features, apiVersion)
        if (!onToken) {
          const completion = await azure.chat.completions.create(body, { signal: requestSignal })
          const choice = completion.choices[0]
          if (choice?.finish_reason === 'content_filter') throw filteredAnswer((choice as { content_filter_results?: unknown }).content_filter_results)
          const toolCalls = (choice?.message.tool_calls ?? []).filter((call) => call.type === 'function').map((call) => parseToolCall({ id: call.id, ...call.function }))
          return {
            text: choice?.message.content ?? '',
            toolCalls,
            usage: toUsage(completion.usage),
            model: completion.model || request.model,
            finishReason: toFinishReason(choice?.finish_reason, toolCalls.length)
          }
        }
        const stream = await azure.chat.completions.create(
          { ...body, stream: true, ...(features.streamUsage && { stream_options: { include_usage: true } }) },
          { signal: requestSignal }
        )
        const answer = await readChatStream(stream as AsyncIterable<AzureChunk>, onToken, requestSignal)
        // The client ends an aborted stream quietly, as if the answer were whole.
        requestSignal.throwIfAborted()
        if (answer.finishReason === 'content_filter') throw filteredAnswer(answer.filterResults)
        // It does the same when the server closes the stream early: only a finish reason says the answer is whole.
        if (answer.finishReason === null) throw LlmProviderError.of('cut_stream', 'The stream ended before the answer was complete')
        const toolCalls = answer.toolCalls.map(parseToolCall)
        return { text: answer.text, toolCalls, usage: answer.usage, model: answer.model || request.model, finishReason: toFinishReason(answer.finishReason, toolCalls.length) }
      })
    },

    embed(request: EmbedRequest, { signal }: { signal?: AbortSignal } = {}): Promise<EmbedResult> {
      return call(signal, async (azure, requestSignal) => {
        const deployment = checkedDeployment(options.embeddingDeployment ?? request.model)
        const answer = await azure.embeddings.create(
          { model: deployment, input: request.texts, encoding_format: 'float', ...(request.dimensions && { dimensions: request.dimensions }) },
          { signal: requestSignal }
        )
        const vectors = [...answer.data].sort((a, b) => a.index - b.index).map((item) => item.embedding)
        if (vectors.length !== request.texts.length) throw LlmProviderError.of('server', `Azure answered ${vectors.length} vectors for ${request.texts.length} texts`)
        return { vectors, model: answer.model || deployment, usage: { promptTokens: answer.usage?.prompt_tokens ?? 0 } }
      })
    }
  }
}

/** The request body; `model` names the deployment, which the client moves into the path. */
function chatBody(request: ChatRequest, features: ApiVersionFeatures, apiVersion: string): ChatCompletionCreateParamsNonStreaming {
  return {
    model: checkedDeployment(request.model),
    messages: toChatMessages(request.messages),
    ...(request.tools?.length && { tools: toChatTools(request.tools) }),
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    // o-series deployments refuse max_tokens where max_completion_tokens exists.
    ...(request.maxTokens !== undefined && (features.maxCompletionTokens ? { max_completion_tokens: request.maxTokens } : { max_tokens: request.maxTokens })),
    ...(request.responseFormat && { response_format: jsonSchemaFormat(request.responseFormat, features, apiVersion) })
  }
}

function jsonSchemaFormat({ name, schema }: ResponseFormat, features: ApiVersionFeatures, apiVersion: string) {
  if (!features.structuredOutputs) {
    throw LlmProviderError.of('bad_request', `api-version ${apiVersion} has no structured outputs (they came with 2024-08-01-preview): set the provider's apiVersion to ${defaultApiVersion} or later`)
  }
  return { type: 'json_schema' as const, json_schema: { name, schema } }
}

/** A tool call decides the reason; `content_filter` never gets here (it is a failure). */
function toFinishReason(reason: string | null | undefined, toolCalls: number): ChatResult['finishReason'] {
  if (toolCalls > 0) return 'tool_calls'
  return reason === 'length' ? 'length' : 'stop'
}

export const azureOpenAiProviderKind: LlmProviderKind = {
  kind: 'azure-openai',
  displayName: 'Azure OpenAI',
  description: 'The deployments of an Azure OpenAI resource (https://<resource>.openai.azure.com), with its api-key',
  usesNetwork: true,
  optionsSchema: azureOpenAiOptionsSchema,
  defaultEmbeddingModel: 'text-embedding-3-small',
  // `response_format: json_schema`, from api-version 2024-08-01-preview (the default has it).
  structuredOutput: 'native',
  prices: azureOpenAiPrices,
  create: createAzureOpenAiProvider
}
