import type { LlmProvider, LlmProviderKind, TenantLogic } from '@troupe/sdk/plugin'
import type { TroupeConfig } from '../config/load-config.js'
import type { SecretBox } from '../crypto/secret-box.js'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import { llmNetworkPolicy } from '../net/outbound-policies.js'
import { originOf } from '@troupe/sdk/logic'
import { createRedactor } from '../secrets/redact-secrets.js'
import type { OperatorEndpoints } from './operator-endpoints.js'
import { providerApiKey } from './provider-credential.js'
import { kindOptions, type StoredProvider } from './stored-provider.js'

export interface InstantiateOptions {
  kind: LlmProviderKind
  tenantId: string
  secretBox: SecretBox
  config: TroupeConfig
  operators: OperatorEndpoints
  /** The tenant's logic evaluator, for kinds that evaluate tenant-written patterns (scripted rules). */
  logic: TenantLogic
}

/**
 * A live provider from its stored record: the key resolved only here and only for the
 * destination it is bound to, every request through the guarded fetch (which keeps the key on
 * that origin across redirects), and whatever the provider throws scrubbed of the key.
 */
export function instantiateProvider(record: StoredProvider, options: InstantiateOptions): LlmProvider {
  const { kind, tenantId, secretBox, config, operators, logic } = options
  const apiKey = providerApiKey(record, { tenantId, secretBox, operators })
  const secrets = apiKey ? [apiKey] : []
  const provider = kind.create({
    baseUrl: record.baseUrl ?? undefined,
    model: record.model ?? kind.defaultModel,
    apiKey,
    options: kindOptions(record),
    fetch: createGuardedFetch({ policy: llmNetworkPolicy(config, operators), credentialOrigin: originOf(record.baseUrl) ?? undefined, secrets }),
    timeoutMs: record.timeoutMs,
    logic
  })
  if (!apiKey) return provider
  const redactor = createRedactor(secrets)
  // Some endpoints quote the key they refused, in any encoding; the error keeps its class and fields.
  const scrubbed = (error: unknown) => {
    if (error instanceof Error) {
      error.message = redactor.text(error.message)
      if (error.stack) error.stack = redactor.text(error.stack)
    }
    return error
  }
  const embed = provider.embed?.bind(provider)
  return {
    chat: (request, chatOptions) => provider.chat(request, chatOptions).catch((error: unknown) => Promise.reject(scrubbed(error))),
    // Every capability of the provider goes through the same scrubbing, not only chat.
    ...(embed && { embed: (request, embedOptions) => embed(request, embedOptions).catch((error: unknown) => Promise.reject(scrubbed(error))) })
  }
}
