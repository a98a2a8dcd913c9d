import type { SecretBox } from '../crypto/secret-box.js'

/** Associated data binding a provider's encrypted key to its tenant and record. */
export function providerKeyContext(tenantId: string, providerId: string): string {
  return `${tenantId}:llm-provider:${providerId}`
}

export function sealProviderKey(box: SecretBox, tenantId: string, providerId: string, apiKey: string): string {
  return box.encrypt(apiKey, providerKeyContext(tenantId, providerId))
}

export function openProviderKey(box: SecretBox, tenantId: string, providerId: string, sealed: string): string {
  return box.decrypt(sealed, providerKeyContext(tenantId, providerId))
}
