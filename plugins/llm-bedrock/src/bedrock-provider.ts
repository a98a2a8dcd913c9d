import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime'
import { LlmProviderError, type ChatOptions, type ChatRequest, type ChatResult, type EmbedRequest, type EmbedResult, type LlmProvider, type LlmProviderConfig, type LlmProviderKind } from '@troupe/sdk/plugin'
import { accumulateConverseStream, type StreamProgress } from './accumulate-converse-stream.js'
import { createBedrockClient } from './bedrock-client.js'
import { embedWithTitan, titanEmbeddingModels } from './embed-with-titan.js'
import { toChatResult, type ConverseReply } from './from-converse-reply.js'
import { mapBedrockError } from './map-bedrock-error.js'
import { bedrockOptionsSchema, type BedrockOptions } from './options-schema.js'
import { bedrockPrices } from './prices.js'
import { toConverseInput } from './to-converse-request.js'

const defaultTimeoutMs = 60_000

/** A provider for one Bedrock Region (or a gateway that speaks Converse) and one IAM key pair. */
export function createBedrockProvider(config: LlmProviderConfig): LlmProvider {
  const options = config.options as unknown as BedrockOptions
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const secretAccessKey = config.apiKey
  // Without a secret the SDK would look for credentials in the host's environment, files and
  // instance metadata: no client is made, no call is sent.
  const client = secretAccessKey ? createBedrockClient(config, secretAccessKey) : undefined

  return {
    async chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      if (!client) throw LlmProviderError.of('auth', 'This bedrock provider has no secret access key')
      // Bounds a stream that stalls after the headers too, which a per-request timeout would not.
      const deadline = AbortSignal.timeout(timeoutMs)
      const abortSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
      const input = toConverseInput(request, options.maxTokens)
      const progress: StreamProgress = { started: false }
      try {
        abortSignal.throwIfAborted()
        let reply: ConverseReply
        if (onToken) {
          const { stream } = await client.send(new ConverseStreamCommand(input), { abortSignal })
          if (!stream) throw LlmProviderError.of('server', 'The ConverseStream response had no event stream')
          const streamed = await accumulateConverseStream(stream, onToken, progress)
          abortSignal.throwIfAborted()
          // The stream can end cleanly without the reply being whole: only `messageStop` says it is.
          if (!streamed.complete) throw LlmProviderError.of('cut_stream', 'The stream ended before messageStop')
          reply = streamed
        } else {
          const response = await client.send(new ConverseCommand(input), { abortSignal })
          reply = { content: response.output?.message?.content ?? [], stopReason: response.stopReason, usage: response.usage }
        }
        return toChatResult(reply, request.model)
      } catch (error) {
        throw mapBedrockError(error, { signal, deadline, timeoutMs, streamed: progress.started, secretAccessKey })
      }
    },

    async embed(request: EmbedRequest, { signal }: { signal?: AbortSignal } = {}): Promise<EmbedResult> {
      if (!client) throw LlmProviderError.of('auth', 'This bedrock provider has no secret access key')
      const deadline = AbortSignal.timeout(timeoutMs)
      const abortSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
      try {
        abortSignal.throwIfAborted()
        return await embedWithTitan(client, request, abortSignal)
      } catch (error) {
        throw mapBedrockError(error, { signal, deadline, timeoutMs, streamed: false, secretAccessKey })
      }
    }
  }
}

/** The `bedrock` kind: Converse and ConverseStream (and Titan embeddings through InvokeModel), signed with SigV4, through the host's fetch. */
export const bedrockProviderKind: LlmProviderKind = {
  kind: 'bedrock',
  displayName: 'Amazon Bedrock',
  description: "Models on Amazon Bedrock (Claude, Nova, Llama...) through the Converse API, with an IAM access key",
  usesNetwork: true,
  optionsSchema: bedrockOptionsSchema,
  defaultModel: 'amazon.nova-lite-v1:0',
  // Titan Text Embeddings V2, through InvokeModel.
  defaultEmbeddingModel: titanEmbeddingModels[0],
  // Converse's `outputConfig.textFormat` is held to by some models only: the host asks in words.
  structuredOutput: 'prompted',
  prices: bedrockPrices,
  create: createBedrockProvider
}
