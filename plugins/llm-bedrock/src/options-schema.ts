/** The kind-specific settings of a `bedrock` provider record (the secret access key is its `apiKey`). */
export interface BedrockOptions {
  /** The AWS Region whose endpoint serves the model and whose name is signed into each request. */
  region: string
  /** The access key id the record's secret access key belongs to. */
  accessKeyId: string
  /** `inferenceConfig.maxTokens` when a request names none; the model's own default otherwise. */
  maxTokens?: number
}

/**
 * JSON Schema of the `options` of a `bedrock` provider record. There is no `sessionToken`:
 * options are not stored as a secret, and temporary credentials expire within hours, which a
 * saved record cannot follow.
 */
export const bedrockOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['region', 'accessKeyId'],
  properties: {
    region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' },
    // IAM access key ids: AKIA (long-term) or ASIA (temporary), then 16 upper-case letters or digits.
    accessKeyId: { type: 'string', pattern: '^A[A-Z0-9]{3}[A-Z0-9]{16}$' },
    maxTokens: { type: 'integer', minimum: 1 }
  }
}
