import type { OperatorEndpoint, ProviderSeedContext, ProviderSeed } from '@troupe/sdk/plugin'

/** Where the operator's key goes when the operator names no base URL. */
export const openAiApiUrl = 'https://api.openai.com/v1'

/**
 * The plugin's settings: the operator's own OpenAI-compatible endpoint and key, which every
 * tenant's default provider uses without the key ever being copied into the tenant. Read from
 * `TROUPE_LLM_OPENAI_BASE_URL` / `TROUPE_LLM_OPENAI_API_KEY`, or the documented `OPENAI_BASE_URL` /
 * `OPENAI_API_KEY`.
 */
export const openAiSettingsSchema = {
  type: 'object',
  properties: {
    baseUrl: { type: 'string', format: 'uri', pattern: '^https?://', 'x-troupe-env-aliases': ['OPENAI_BASE_URL'] },
    apiKey: { type: 'string', minLength: 1, 'x-troupe-env-aliases': ['OPENAI_API_KEY'] }
  },
  additionalProperties: false
}
export interface OpenAiSettings {
  baseUrl?: string
  apiKey?: string
}

/** Name of the provider that refers to the operator's key (tenant migration 0009 recognised it by this name). */
export const operatorProviderName = 'OpenAI (server default)'

/** The operator's endpoint: the base URL (OpenAI's API for a key alone), nothing without either. */
export function openAiOperatorEndpoint(settings: Record<string, unknown>): OperatorEndpoint | undefined {
  const { baseUrl, apiKey } = settings as OpenAiSettings
  if (!baseUrl && !apiKey) return undefined
  return { baseUrl: baseUrl ?? openAiApiUrl, apiKey }
}

/** A new tenant's provider at the operator's endpoint, when there is one. */
export function openAiSeeds({ operatorEndpoint }: ProviderSeedContext): ProviderSeed[] {
  if (!operatorEndpoint) return []
  return [{ name: operatorProviderName, baseUrl: operatorEndpoint.baseUrl, operatorCredential: true, priority: 10 }]
}
