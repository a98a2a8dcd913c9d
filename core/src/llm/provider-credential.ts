import { LlmProviderError } from '@troupe/sdk/plugin'
import type { TroupeConfig } from '../config/load-config.js'
import type { SecretBox } from '../crypto/secret-box.js'
import { originOf } from '../secrets/destination-origin.js'
import { isOperatorEndpoint } from './operator-credential.js'
import { openProviderKey } from './provider-secret.js'
import type { StoredProvider } from './stored-provider.js'

export interface CredentialContext {
  tenantId: string
  secretBox: SecretBox
  config: Pick<TroupeConfig, 'openaiBaseUrl' | 'openaiApiKey'>
}

type KeyedProvider = Pick<StoredProvider, 'id' | 'name' | 'baseUrl' | 'apiKeyCiphertext' | 'credentialSource' | 'apiKeyOrigin'>

/**
 * The key a provider call may send, resolved at call time and only for the destination it is
 * bound to: the operator's key for the operator's endpoint, a tenant's key for the origin it was
 * saved with. Saving a provider keeps these in step; a record that is not (edited behind the
 * API, or seeded before `OPENAI_BASE_URL` moved) fails instead of sending a key elsewhere.
 */
export function providerApiKey(record: KeyedProvider, context: CredentialContext): string | undefined {
  if (record.credentialSource === 'operator') {
    if (!context.config.openaiApiKey) return undefined
    if (!isOperatorEndpoint(record.baseUrl, context.config)) {
      throw new LlmProviderError(`Provider ${record.name} uses the server's key, which is only for the server's endpoint; an admin must set a key of its own`, false)
    }
    return context.config.openaiApiKey
  }
  if (!record.apiKeyCiphertext) return undefined
  if ((record.apiKeyOrigin ?? null) !== originOf(record.baseUrl)) {
    throw new LlmProviderError(`The API key of provider ${record.name} was saved for another endpoint; an admin must set it again`, false)
  }
  return openProviderKey(context.secretBox, context.tenantId, record.id, record.apiKeyCiphertext)
}

/** Whether the provider has a key it may use where it points (what `hasApiKey` shows). */
export function hasUsableKey(record: KeyedProvider, config: CredentialContext['config']): boolean {
  if (record.credentialSource === 'operator') return Boolean(config.openaiApiKey) && isOperatorEndpoint(record.baseUrl, config)
  return Boolean(record.apiKeyCiphertext) && (record.apiKeyOrigin ?? null) === originOf(record.baseUrl)
}
