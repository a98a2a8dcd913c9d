import Anthropic from '@anthropic-ai/sdk'
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages'
import {
  LlmProviderError,
  type ChatOptions,
  type ChatRequest,
  type ChatResult,
  type LlmProvider,
  type LlmProviderConfig,
  type LlmProviderKind
} from '@troupe/sdk/plugin'
import { accumulateStream, type StreamProgress } from './accumulate-stream.js'
import { accountOf, thinkingTurnData, thinkingTurnOf } from './thinking-turns.js'
import { toAssistantTurn, toChatResult, type AnthropicReply } from './from-anthropic-reply.js'
import { mapAnthropicError } from './map-anthropic-error.js'
import { anthropicApiUrl, anthropicOperatorEndpoint, anthropicSeeds } from './operator-settings.js'
import { anthropicOptionsSchema, defaultMaxTokens, type AnthropicOptions } from './options-schema.js'
import { anthropicPrices } from './prices.js'
import { toAnthropicConversation, toAnthropicTools, type RecallTurn } from './to-anthropic-messages.js'
import { toOutputFormat } from './to-output-format.js'

const defaultTimeoutMs = 60_000

/**
 * The Messages API body of a chat request. `temperature` is not sent: the API version the SDK
 * speaks has no sampling parameters (current models refuse them), so the model's default applies.
 */
function toMessagesRequest(request: ChatRequest, options: AnthropicOptions, recall?: RecallTurn): MessageCreateParamsNonStreaming {
  const conversation = toAnthropicConversation(request.messages, recall)
  const output = request.responseFormat && toOutputFormat(request.responseFormat)
  const system = [conversation.system, output && 'instruction' in output ? output.instruction : undefined].filter(Boolean).join('\n\n')
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? options.maxTokens ?? defaultMaxTokens,
    messages: conversation.messages,
    ...(system && { system }),
    ...(request.tools?.length && { tools: toAnthropicTools(request.tools) }),
    ...(output && 'format' in output && { output_config: { format: output.format } })
  }
}

/** A provider for one Anthropic endpoint and key (Anthropic's API, or a gateway that speaks it). */
export function createAnthropicProvider(config: LlmProviderConfig): LlmProvider {
  const options = config.options as AnthropicOptions
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const baseUrl = config.baseUrl ?? anthropicApiUrl
  const { apiKey } = config
  // Without a key the client would look for one in the host's environment and files
  // (ANTHROPIC_API_KEY, profiles, workload identity): no client is made, no call is sent.
  const client =
    apiKey &&
    new Anthropic({
      apiKey,
      baseURL: baseUrl,
      // The host's fetch: it refuses forbidden addresses.
      fetch: config.fetch,
      // The host fails over to the next provider instead.
      maxRetries: 0,
      timeout: timeoutMs,
      defaultHeaders: options.headers,
      // Explicit, so that no ANTHROPIC_LOG or ANTHROPIC_OPEN_TELEMETRY_* variable makes the
      // client log or trace the tenant's prompts.
      logLevel: 'warn',
      openTelemetry: { traces: { contentMode: 'metadata_only' } }
    })
  const account = apiKey ? accountOf(baseUrl, apiKey) : ''

  return {
    async chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      if (!client) throw LlmProviderError.of('auth', 'This anthropic provider has no API key')
      // The client's own timeout stops at the response headers; this one also bounds a stream that stalls.
      const deadline = AbortSignal.timeout(timeoutMs)
      const requestSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
      const body = toMessagesRequest(request, options, (message) => thinkingTurnOf(message, account))
      const progress: StreamProgress = { started: false }
      try {
        let reply: AnthropicReply
        if (onToken) {
          const stream = await client.messages.create({ ...body, stream: true }, { signal: requestSignal })
          const streamed = await accumulateStream(stream, onToken, progress)
          // The client ends an aborted stream quietly, as if the reply were whole.
          requestSignal.throwIfAborted()
          // It does the same when the server ends the stream early: only `message_stop` says the reply is whole.
          if (!streamed.complete) throw LlmProviderError.of('cut_stream', 'The stream ended before the reply was complete')
          reply = streamed
        } else {
          const message = await client.messages.create(body, { signal: requestSignal })
          reply = { content: message.content, stopReason: message.stop_reason, stopDetails: message.stop_details, usage: message.usage, model: message.model }
        }
        const result = toChatResult(reply, request.model)
        const vendorData = thinkingTurnData(account, toAssistantTurn(reply, result.toolCalls))
        return vendorData ? { ...result, vendorData } : result
      } catch (error) {
        throw mapAnthropicError(error, { signal, deadline, timeoutMs, streamed: progress.started, apiKey })
      }
    }
  }
}

/** The `anthropic` kind. */
export function createAnthropicProviderKind(): LlmProviderKind {
  return {
    kind: 'anthropic',
    displayName: 'Anthropic',
    description: "Claude models through Anthropic's Messages API (or a gateway that speaks it)",
    usesNetwork: true,
    optionsSchema: anthropicOptionsSchema,
    defaultModel: 'claude-sonnet-5-5',
    // Structured outputs (`output_config.format`) hold the answer to the schema.
    structuredOutput: 'native',
    prices: anthropicPrices,
    operatorEndpoint: anthropicOperatorEndpoint,
    seedProviders: anthropicSeeds,
    create: (config) => createAnthropicProvider(config)
  }
}

export const anthropicProviderKind = createAnthropicProviderKind()
