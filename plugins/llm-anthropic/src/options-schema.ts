export interface AnthropicOptions {
  /**
   * `max_tokens` when a request names none. The Messages API requires it, and the model's thinking
   * counts against it, so it must leave room for thinking and the answer.
   */
  maxTokens?: number
  /** Extra headers sent with every request (`anthropic-beta`, a gateway's routing hint...). */
  headers?: Record<string, string>
}

/** `max_tokens` when neither the request nor the record names one. */
export const defaultMaxTokens = 16_000

/** JSON Schema of the `options` of an `anthropic` provider record. */
export const anthropicOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // The largest output of the current models is 128K tokens.
    maxTokens: { type: 'integer', minimum: 1, maximum: 128_000 },
    headers: { type: 'object', additionalProperties: { type: 'string' } }
  }
}
