import type { ModelPrice } from './pricing.js'

/** A provider row as stored in the tenant schema (the key only as ciphertext). */
export interface StoredProvider {
  id: string
  name: string
  kind: string
  baseUrl: string | null
  model: string | null
  apiKeyCiphertext: string | null
  /**
   * `tenant`: the key is the tenant's own, in `apiKeyCiphertext`. `operator`: the record uses the
   * operator's `OPENAI_API_KEY`, read from configuration at call time and only for the operator's
   * endpoint; the tenant never holds a copy.
   */
  credentialSource: 'tenant' | 'operator'
  /** Origin of `baseUrl` when the key was saved (`null`: the kind's default endpoint); the key goes nowhere else. */
  apiKeyOrigin: string | null
  priority: number
  enabled: boolean
  cache: boolean
  timeoutMs: number
  pricing: Record<string, ModelPrice>
  rules: unknown[] | null
  options: Record<string, unknown>
  createdAt: Date
  updatedAt: Date
}

/** The kind-specific settings a provider kind is created with: `options`, plus `rules` when set. */
export function kindOptions(provider: Pick<StoredProvider, 'options' | 'rules'>): Record<string, unknown> {
  return { ...(provider.options ?? {}), ...(provider.rules ? { rules: provider.rules } : {}) }
}
