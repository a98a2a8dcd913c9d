import { LlmProviderError, type ChatOptions, type ChatRequest, type ChatResult, type EmbedRequest, type EmbedResult, type LlmProvider, type LlmProviderConfig, type LlmProviderKind } from '@troupe/sdk/plugin'
import { accumulateStream } from './accumulate-stream.js'
import { toChatResult } from './from-gemini-response.js'
import { geminiApiUrl, methodUrl, modelResource, postGemini, type GeminiMethod } from './gemini-endpoint.js'
import type { BatchEmbedContentsRequest, BatchEmbedContentsResponse, GenerateContentRequest, GenerateContentResponse } from './gemini-wire.js'
import { mapGeminiError } from './map-gemini-error.js'
import { geminiOptionsSchema, type GeminiOptions } from './options-schema.js'
import { geminiPrices } from './prices.js'
import { readServerSentEvents } from './read-server-sent-events.js'
import { toGenerateContentRequest } from './to-gemini-request.js'

const defaultTimeoutMs = 60_000

/** Gemini refuses a `batchEmbedContents` of more than 100 requests ("at most 100 requests can be in one batch"). */
const maxTextsPerBatch = 100

type Post = (model: string, method: GeminiMethod, body: GenerateContentRequest | BatchEmbedContentsRequest) => Promise<Response>

/**
 * A provider for the Gemini Developer API (or a gateway in front of it), over its REST methods
 * with the host's fetch: the vendor SDK sends every request through the global `fetch` and takes
 * no other, which would bypass the host's address checks (see README).
 */
export function createGeminiProvider(config: LlmProviderConfig): LlmProvider {
  const options = config.options as GeminiOptions
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs
  const baseUrl = config.baseUrl ?? geminiApiUrl

  /** Runs one call under its deadline (the whole call, a stream that stalls included), mapping whatever fails. */
  async function call<T>(signal: AbortSignal | undefined, run: (post: Post, callSignal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = AbortSignal.timeout(timeoutMs)
    const callSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
    const exchange = { answered: false }
    const post: Post = async (model, method, body) => {
      exchange.answered = false
      const response = await postGemini(methodUrl(baseUrl, model, method), body, { fetch: config.fetch, apiKey: config.apiKey, headers: options.headers, signal: callSignal })
      exchange.answered = true
      return response
    }
    try {
      callSignal.throwIfAborted()
      return await run(post, callSignal)
    } catch (error) {
      throw mapGeminiError(error, { signal, deadline, timeoutMs, answered: exchange.answered, apiKey: config.apiKey })
    }
  }

  return {
    chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      return call(signal, async (post, callSignal) => {
        const body = toGenerateContentRequest(request, options)
        if (!onToken) {
          const response = await post(request.model, 'generateContent', body)
          return toChatResult((await response.json()) as GenerateContentResponse, request.model)
        }
        const response = await post(request.model, 'streamGenerateContent', body)
        if (!response.body) throw LlmProviderError.of('cut_stream', 'The stream ended before the answer was complete')
        return toChatResult(await accumulateStream(readServerSentEvents(response.body), callSignal, onToken), request.model)
      })
    },

    embed({ model, texts, dimensions }: EmbedRequest, { signal }: { signal?: AbortSignal } = {}): Promise<EmbedResult> {
      return call(signal, async (post) => {
        const vectors: number[][] = []
        let promptTokens = 0
        for (let start = 0; start < texts.length; start += maxTextsPerBatch) {
          const batch = texts.slice(start, start + maxTextsPerBatch)
          const requests = batch.map((text) => ({ model: modelResource(model), content: { parts: [{ text }] }, ...(dimensions && { outputDimensionality: dimensions }) }))
          const answer = (await (await post(model, 'batchEmbedContents', { requests })).json()) as BatchEmbedContentsResponse
          const batchVectors = (answer.embeddings ?? []).map((embedding) => embedding.values ?? [])
          if (batchVectors.length !== batch.length || batchVectors.some((vector) => vector.length === 0)) {
            throw LlmProviderError.of('server', `Gemini answered ${batchVectors.length} vectors for ${batch.length} texts`)
          }
          vectors.push(...batchVectors)
          // Older API revisions send no usage: those calls count no tokens.
          promptTokens += answer.usageMetadata?.promptTokenCount ?? 0
        }
        return { vectors, model, usage: { promptTokens } }
      })
    }
  }
}

export const geminiProviderKind: LlmProviderKind = {
  kind: 'gemini',
  displayName: 'Google Gemini',
  description: 'Google Gemini models through the Gemini Developer API (generativelanguage.googleapis.com)',
  usesNetwork: true,
  optionsSchema: geminiOptionsSchema,
  defaultModel: 'gemini-2.5-flash',
  defaultEmbeddingModel: 'gemini-embedding-001',
  // `responseJsonSchema` with `responseMimeType: application/json`: Gemini holds its answer to the schema.
  structuredOutput: 'native',
  prices: geminiPrices,
  create: createGeminiProvider
}
