import type { ChatOptions, ChatRequest, ChatResult, EmbedRequest, EmbedResult, LlmProvider, LlmProviderConfig, LlmProviderKind } from '@troupe/sdk/plugin'
import { Ollama } from 'ollama/browser'
import { fetchForCall, type CallFetch } from './fetch-for-call.js'
import { toFinishReason, toToolCall, toUsage } from './from-ollama-reply.js'
import { mapOllamaError } from './map-ollama-error.js'
import { ollamaOptionsSchema, type OllamaOptions } from './options-schema.js'
import { ollamaPrices } from './prices.js'
import { readChatStream } from './read-chat-stream.js'
import { toOllamaMessages, toOllamaTools } from './to-ollama-messages.js'

/** Where Ollama listens when the record names no base URL. */
export const ollamaDefaultUrl = 'http://127.0.0.1:11434'

// Longer than a hosted API's: a local server may first have to load the model into memory.
const defaultTimeoutMs = 120_000

/**
 * A provider for one Ollama server (or a proxy in front of one), through its native API.
 * `ollama/browser` is the client without file-system access: the Node entry reads an image given
 * as a string from disk when such a path exists.
 */
export function createOllamaProvider(config: LlmProviderConfig): LlmProvider {
  const options = config.options as OllamaOptions
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const host = config.baseUrl ?? ollamaDefaultUrl

  /** Runs one HTTP call with a client bound to the call's signal, mapping whatever fails. */
  async function call<T>(model: string, signal: AbortSignal | undefined, run: (client: Ollama, callSignal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = AbortSignal.timeout(timeoutMs)
    const callSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
    let exchange: CallFetch | undefined
    try {
      callSignal.throwIfAborted()
      exchange = fetchForCall(config.fetch, callSignal, config.apiKey)
      return await run(new Ollama({ host, headers: options.headers, fetch: exchange.fetch }), callSignal)
    } catch (error) {
      throw mapOllamaError(error, { signal, deadline, timeoutMs, response: exchange?.response, model, apiKey: config.apiKey })
    }
  }

  return {
    chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      return call(request.model, signal, async (client, callSignal) => {
        // Always streamed, with or without onToken: one way to read a reply and its failures (an
        // error line, a missing done line), and a generation that stalls is caught by the deadline.
        const lines = await client.chat({
          model: request.model,
          messages: toOllamaMessages(request.messages),
          ...(request.tools?.length && { tools: toOllamaTools(request.tools) }),
          ...(request.responseFormat && { format: request.responseFormat.schema }),
          options: modelOptions(options, { temperature: request.temperature, num_predict: request.maxTokens }),
          ...(options.keepAlive !== undefined && { keep_alive: options.keepAlive }),
          stream: true
        })
        const reply = await readChatStream(lines, callSignal, onToken)
        const toolCalls = reply.toolCalls.map(toToolCall)
        return {
          text: reply.text,
          toolCalls,
          usage: toUsage(reply.done),
          model: reply.model || request.model,
          finishReason: toFinishReason(reply.done?.done_reason, toolCalls)
        }
      })
    },

    embed({ model, texts, dimensions }: EmbedRequest, { signal }: { signal?: AbortSignal } = {}): Promise<EmbedResult> {
      return call(model, signal, async (client) => {
        const reply = await client.embed({
          model,
          input: texts,
          // Ollama otherwise cuts a text longer than the context and embeds the rest without a word:
          // a vector for part of a document is a fault to report (context_too_long), not to hide.
          truncate: false,
          ...(dimensions && { dimensions }),
          ...(options.numCtx && { options: { num_ctx: options.numCtx } }),
          ...(options.keepAlive !== undefined && { keep_alive: options.keepAlive })
        })
        return { vectors: reply.embeddings, model: reply.model || model, usage: { promptTokens: reply.prompt_eval_count ?? 0 } }
      })
    }
  }
}

/** The `options` of a chat call: the request's own settings first, then the record's; none that are unset. */
function modelOptions(record: OllamaOptions, request: { temperature?: number; num_predict?: number }) {
  const chosen = { temperature: request.temperature ?? record.temperature, num_predict: request.num_predict, num_ctx: record.numCtx }
  return Object.fromEntries(Object.entries(chosen).filter(([, value]) => value !== undefined))
}

export const ollamaProviderKind: LlmProviderKind = {
  kind: 'ollama',
  displayName: 'Ollama',
  description: 'Local models served by Ollama (or a proxy in front of it), through its native API',
  usesNetwork: true,
  optionsSchema: ollamaOptionsSchema,
  defaultModel: 'llama3.2',
  defaultEmbeddingModel: 'nomic-embed-text',
  structuredOutput: 'native',
  prices: ollamaPrices,
  create: createOllamaProvider
}
