export interface GeminiOptions {
  /** Extra headers sent with every request (a gateway's own key, a routing hint...); never the API key's. */
  headers?: Record<string, string>
  /** Used when a request names no temperature. */
  temperature?: number
  /**
   * Tokens a thinking model (2.5 and later) may spend reasoning before it answers, billed as
   * output: `0` turns thinking off where the model allows it (Flash, Flash-Lite), `-1` lets the
   * model decide. Unset: the model's default.
   */
  thinkingBudget?: number
}

/** JSON Schema of the `options` of a `gemini` provider record. */
export const geminiOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    temperature: { type: 'number', minimum: 0, maximum: 2 },
    thinkingBudget: { type: 'integer', minimum: -1 }
  }
}
