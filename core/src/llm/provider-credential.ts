import { LlmProviderError } from '@troupe/sdk/plugin'
import type { SecretBox } from '../crypto/secret-box.js'
import { originOf } from '@troupe/sdk/logic'
import type { OperatorEndpoints } from './operator-endpoints.js'
import { openProviderKey } from './provider-secret.js'
import type { StoredProvider } from './stored-provider.js'

export interface CredentialContext {
  tenantId: string
  secretBox: SecretBox
  operators: OperatorEndpoints
}

type KeyedProvider = Pick<StoredProvider, 'id' | 'name' | 'kind' | 'baseUrl' | 'apiKeyCiphertext' | 'credentialSource' | 'apiKeyOrigin'>

/**
 * The key a provider call may send, resolved at call time and only for the destination it is
 * bound to: the operator's key of the record's kind for the operator's endpoint of that kind, a
 * tenant's key for the origin it was saved with. Saving a provider keeps these in step; a record
 * that is not (edited behind the API, or seeded before the operator's endpoint moved) fails
 * instead of sending a key elsewhere.
 */
export function providerApiKey(record: KeyedProvider, context: CredentialContext): string | undefined {
  if (record.credentialSource === 'operator') {
    const apiKey = context.operators.endpointOf(record.kind)?.apiKey
    if (!apiKey) return undefined
    if (!context.operators.covers(record.kind, record.baseUrl)) {
      throw new LlmProviderError(`Provider ${record.name} uses the server's key, which is only for the server's endpoint; an admin must set a key of its own`, false)
    }
    return apiKey
  }
  if (!record.apiKeyCiphertext) return undefined
  if ((record.apiKeyOrigin ?? null) !== originOf(record.baseUrl)) {
    throw new LlmProviderError(`The API key of provider ${record.name} was saved for another endpoint; an admin must set it again`, false)
  }
  return openProviderKey(context.secretBox, context.tenantId, record.id, record.apiKeyCiphertext)
}

/** Whether the provider has a key it may use where it points (what `hasApiKey` shows). */
export function hasUsableKey(record: KeyedProvider, operators: OperatorEndpoints): boolean {
  if (record.credentialSource === 'operator') return Boolean(operators.endpointOf(record.kind)?.apiKey) && operators.covers(record.kind, record.baseUrl)
  return Boolean(record.apiKeyCiphertext) && (record.apiKeyOrigin ?? null) === originOf(record.baseUrl)
}
