import type { Candidate, Part } from '@google/genai'
import { LlmProviderError } from '@troupe/sdk/plugin'
import type { GenerateContentResponse, GoogleErrorBody } from './gemini-wire.js'
import { failureOfGoogleError } from './map-gemini-error.js'

type StreamChunk = GenerateContentResponse & GoogleErrorBody

/**
 * Reads the chunks of a `streamGenerateContent?alt=sse` stream into one response, for the same
 * reading as a whole one: text parts go to `onToken` as they come (not thought summaries),
 * function calls arrive whole, the last chunk brings the finish reason and the final usage. An
 * error sent as an event fails the call as that error; a stream that ends with neither a finish
 * reason nor a blocked prompt was cut. Stops at the first chunk after `signal` aborted, since
 * chunks that arrived together are read together.
 */
export async function accumulateStream(events: AsyncIterable<string>, signal: AbortSignal, onToken: (token: string) => void): Promise<GenerateContentResponse> {
  const parts: Part[] = []
  const joined: GenerateContentResponse = {}
  let last: Candidate | undefined
  for await (const data of events) {
    signal.throwIfAborted()
    const chunk = JSON.parse(data) as StreamChunk
    if (chunk.error) throw failureOfGoogleError(chunk.error.code ?? 500, chunk)
    joined.modelVersion ||= chunk.modelVersion
    joined.promptFeedback = chunk.promptFeedback ?? joined.promptFeedback
    joined.usageMetadata = chunk.usageMetadata ?? joined.usageMetadata
    const candidate = chunk.candidates?.[0]
    last = candidate ?? last
    for (const part of candidate?.content?.parts ?? []) {
      if (part.text && !part.thought) onToken(part.text)
      parts.push(part)
    }
  }
  if (!last?.finishReason && !joined.promptFeedback?.blockReason) throw LlmProviderError.of('cut_stream', 'The stream ended before the answer was complete')
  if (last) joined.candidates = [{ ...last, content: { role: 'model', parts } }]
  return joined
}
