/** The categories Mistral's moderation model (`mistral-moderation-2603`) scores a prompt in. */
export const moderationCategories = [
  'sexual',
  'hateAndDiscrimination',
  'violenceAndThreats',
  'dangerous',
  'criminal',
  'selfharm',
  'health',
  'financial',
  'law',
  'pii',
  'jailbreaking'
] as const
export type ModerationCategory = (typeof moderationCategories)[number]

export interface MistralOptions {
  /** Used when a request names no temperature. */
  temperature?: number
  /**
   * Mistral's own guardrail, run on the prompt before the model sees it: a request scoring above
   * a category's threshold is refused (a `content_filtered` failure, which no other provider
   * is asked to route around).
   */
  moderation?: {
    /** Per category, the score from 0 to 1 above which it blocks; 1 turns the category off. */
    thresholds: Partial<Record<ModerationCategory, number>>
    /** Score only the categories in `thresholds`. */
    ignoreOtherCategories?: boolean
    /** Refuse the request when the moderation service itself fails, instead of letting it through. */
    blockOnError?: boolean
  }
}

/** JSON Schema of the `options` of a `mistral` provider record. */
export const mistralOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Mistral's API accepts 0 to 1.5 (its chat completion schema).
    temperature: { type: 'number', minimum: 0, maximum: 1.5 },
    moderation: {
      type: 'object',
      additionalProperties: false,
      required: ['thresholds'],
      properties: {
        thresholds: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: Object.fromEntries(moderationCategories.map((category) => [category, { type: 'number', minimum: 0, maximum: 1 }]))
        },
        ignoreOtherCategories: { type: 'boolean' },
        blockOnError: { type: 'boolean' }
      }
    }
  }
}
