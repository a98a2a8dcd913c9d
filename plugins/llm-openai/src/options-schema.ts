export interface OpenAiOptions {
  /** Sent as `OpenAI-Organization`. */
  organization?: string
  /** Extra headers sent with every request (a gateway's own key, a routing hint...). */
  headers?: Record<string, string>
  /** Used when a request names no temperature. */
  temperature?: number
}

/** JSON Schema of the `options` of an `openai` provider record. */
export const openAiOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    organization: { type: 'string', minLength: 1 },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    temperature: { type: 'number', minimum: 0, maximum: 2 }
  }
}
