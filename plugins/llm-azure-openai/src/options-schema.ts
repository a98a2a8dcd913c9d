/**
 * The api-version a record gets when it names none: the latest dated GA version of Azure OpenAI's
 * inference API (Microsoft's API version lifecycle page), which has structured outputs and
 * `max_completion_tokens`.
 */
export const defaultApiVersion = '2024-10-21'

/**
 * What a deployment's name may hold: it becomes a segment of the request's path, so nothing that
 * could change the path (`/`, `..`, `?`, `%`) gets through. Azure names deployments with letters,
 * digits, `.`, `_` and `-`.
 */
export const deploymentNamePattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'

export interface AzureOpenAiOptions {
  /** The `api-version` query parameter: a date, `2024-10-21`, or a preview, `2025-04-01-preview`. */
  apiVersion?: string
  /**
   * The deployment that answers `embed` (of an embeddings model such as `text-embedding-3-small`);
   * without it, embeddings go to a deployment named after the requested model.
   */
  embeddingDeployment?: string
}

/** JSON Schema of the `options` of an `azure-openai` provider record. */
export const azureOpenAiOptionsSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(-preview)?$' },
    embeddingDeployment: { type: 'string', pattern: deploymentNamePattern }
  }
}
