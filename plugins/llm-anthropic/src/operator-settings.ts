import type { OperatorEndpoint, ProviderSeed, ProviderSeedContext } from '@troupe/sdk/plugin'

/** Where requests go when a record or the operator names no base URL (the SDK adds `/v1/messages`). */
export const anthropicApiUrl = 'https://api.anthropic.com'

/**
 * The plugin's settings: the operator's own Anthropic key (and endpoint, for a gateway), which
 * every tenant's default provider uses without the key ever being copied into the tenant. Read
 * from `TROUPE_LLM_ANTHROPIC_BASE_URL` / `TROUPE_LLM_ANTHROPIC_API_KEY`, or the vendor's documented
 * `ANTHROPIC_BASE_URL` / `ANTHROPIC_API_KEY`.
 */
export const anthropicSettingsSchema = {
  type: 'object',
  properties: {
    baseUrl: { type: 'string', format: 'uri', pattern: '^https?://', 'x-troupe-env-aliases': ['ANTHROPIC_BASE_URL'] },
    apiKey: { type: 'string', minLength: 1, 'x-troupe-env-aliases': ['ANTHROPIC_API_KEY'] }
  },
  additionalProperties: false
}
export interface AnthropicSettings {
  baseUrl?: string
  apiKey?: string
}

/** Name of the seeded provider that refers to the operator's key. */
export const operatorProviderName = 'Anthropic (server default)'

/**
 * The operator's endpoint: the key at its base URL (Anthropic's API when none is named). None
 * without a key: the Messages API takes no call without one.
 */
export function anthropicOperatorEndpoint(settings: Record<string, unknown>): OperatorEndpoint | undefined {
  const { baseUrl, apiKey } = settings as AnthropicSettings
  if (!apiKey) return undefined
  return { baseUrl: baseUrl ?? anthropicApiUrl, apiKey }
}

/** A new tenant's provider at the operator's endpoint, when there is one; after the OpenAI one (priority 10). */
export function anthropicSeeds({ operatorEndpoint }: ProviderSeedContext): ProviderSeed[] {
  if (!operatorEndpoint) return []
  return [{ name: operatorProviderName, baseUrl: operatorEndpoint.baseUrl, operatorCredential: true, priority: 20 }]
}
