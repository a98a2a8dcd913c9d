import type { LlmProvider, LlmProviderKind } from '@troupe/sdk/plugin'
import type { SecretBox } from '../crypto/secret-box.js'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import type { NetworkPolicy } from '../net/network-policy.js'
import { openProviderKey } from './provider-secret.js'
import { kindOptions, type StoredProvider } from './stored-provider.js'

export interface InstantiateOptions {
  kind: LlmProviderKind
  tenantId: string
  secretBox: SecretBox
  policy: NetworkPolicy
}

/** A live provider from its stored record: the key decrypted only here, every request through the guarded fetch. */
export function instantiateProvider(record: StoredProvider, options: InstantiateOptions): LlmProvider {
  const { kind, tenantId, secretBox, policy } = options
  const apiKey = record.apiKeyCiphertext ? openProviderKey(secretBox, tenantId, record.id, record.apiKeyCiphertext) : undefined
  return kind.create({
    baseUrl: record.baseUrl ?? undefined,
    model: record.model ?? kind.defaultModel,
    apiKey,
    options: kindOptions(record),
    fetch: createGuardedFetch({ policy }),
    timeoutMs: record.timeoutMs
  })
}
