import { InvokeModelCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'
import { LlmProviderError, type EmbedRequest, type EmbedResult } from '@troupe/sdk/plugin'

/** The embedding models this kind calls: Amazon Titan Text Embeddings, through InvokeModel. */
export const titanEmbeddingModels = ['amazon.titan-embed-text-v2:0', 'amazon.titan-embed-text-v1']

/** Titan takes one text per request: this many requests are in flight at once. */
const parallelRequests = 4

/** V2 takes `dimensions` (256, 512 or 1024) and `normalize`; V1 takes the text only. */
function titanBody(model: string, text: string, dimensions: number | undefined): string {
  if (!model.startsWith('amazon.titan-embed-text-v2')) return JSON.stringify({ inputText: text })
  return JSON.stringify({ inputText: text, ...(dimensions !== undefined && { dimensions }), normalize: true })
}

/**
 * Embeddings with Titan Text Embeddings (`POST /model/{id}/invoke`, body `{inputText, dimensions?,
 * normalize}`, answer `{embedding, inputTextTokenCount}`): one request per text, a few at a time,
 * the vectors in the request's order and the token counts summed. Other models are refused (their
 * bodies differ, and Bedrock's InvokeModel answer does not count their tokens in the body).
 */
export async function embedWithTitan(client: BedrockRuntimeClient, request: EmbedRequest, abortSignal: AbortSignal): Promise<EmbedResult> {
  if (!titanEmbeddingModels.some((model) => request.model.startsWith(model.replace(/:0$/, '')))) {
    throw LlmProviderError.of('bad_request', `The bedrock kind embeds with ${titanEmbeddingModels.join(' or ')}, not ${request.model}`)
  }
  if (request.dimensions !== undefined && ![256, 512, 1024].includes(request.dimensions)) {
    throw LlmProviderError.of('bad_request', `Titan Text Embeddings V2 makes vectors of 256, 512 or 1024 dimensions, not ${request.dimensions}`)
  }
  const vectors: number[][] = new Array(request.texts.length)
  let promptTokens = 0
  let next = 0
  const worker = async () => {
    while (next < request.texts.length) {
      const index = next++
      const command = new InvokeModelCommand({ modelId: request.model, contentType: 'application/json', accept: 'application/json', body: titanBody(request.model, request.texts[index]!, request.dimensions) })
      const response = await client.send(command, { abortSignal })
      const answer = JSON.parse(new TextDecoder().decode(response.body)) as { embedding?: unknown; inputTextTokenCount?: unknown }
      if (!Array.isArray(answer.embedding)) throw LlmProviderError.of('server', 'Bedrock answered an embedding request without an embedding')
      vectors[index] = answer.embedding as number[]
      promptTokens += typeof answer.inputTextTokenCount === 'number' ? answer.inputTextTokenCount : 0
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallelRequests, request.texts.length) }, worker))
  return { vectors, model: request.model, usage: { promptTokens } }
}
