import { openAiPrices } from './prices.js'
import { LlmProviderError, type ChatOptions, type ChatRequest, type ChatResult, type LlmProvider, type LlmProviderConfig, type LlmProviderKind } from '@troupe/sdk/plugin'
import OpenAI from 'openai'
import { accumulateStream } from './accumulate-stream.js'
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
    defaultHeaders: options.headers
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
        max_tokens: request.maxTokens
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
            usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 },
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
        if (reply.finishReason === null) throw new LlmProviderError('The stream ended before the reply was complete', true)
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
    }
  }
}

export const openAiProviderKind: LlmProviderKind = {
  kind: 'openai',
  displayName: 'OpenAI-compatible',
  description: 'OpenAI or any endpoint speaking its Chat Completions API (gateways, Ollama, vLLM, llama.cpp, LM Studio)',
  usesNetwork: true,
  optionsSchema: openAiOptionsSchema,
  defaultModel: 'gpt-4o-mini',
  prices: openAiPrices,
  operatorEndpoint: openAiOperatorEndpoint,
  seedProviders: openAiSeeds,
  create: createOpenAiProvider
}
