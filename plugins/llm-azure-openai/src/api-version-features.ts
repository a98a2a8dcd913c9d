/** What an api-version of Azure OpenAI's inference API takes, beyond the chat basics. */
export interface ApiVersionFeatures {
  /** `response_format: {type: 'json_schema'}` (structured outputs). */
  structuredOutputs: boolean
  /** `max_completion_tokens`, which o-series deployments require instead of `max_tokens`. */
  maxCompletionTokens: boolean
  /** `stream_options.include_usage`: a last chunk with the tokens a stream used. */
  streamUsage: boolean
}

/**
 * The features of an api-version, read from its date: Microsoft's API version lifecycle page says
 * structured outputs came with 2024-08-01-preview, and `max_completion_tokens` and `stream_options`
 * with 2024-09-01-preview. Later versions keep them: the GA 2024-10-21 specification has all three
 * (its request reference lists `max_completion_tokens` and `response_format`; `stream_options` is in
 * its schemas as `chatCompletionStreamOptions`).
 */
export function featuresOf(apiVersion: string): ApiVersionFeatures {
  const date = apiVersion.slice(0, 10)
  return {
    structuredOutputs: date >= '2024-08-01',
    maxCompletionTokens: date >= '2024-09-01',
    streamUsage: date >= '2024-09-01'
  }
}
