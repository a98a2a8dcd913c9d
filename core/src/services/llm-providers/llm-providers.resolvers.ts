import { resolve } from '@feathersjs/schema'
import type { HookContext } from '../../declarations.js'
import { hasUsableKey } from '../../llm/provider-credential.js'
import type { StoredProvider } from '../../llm/stored-provider.js'

type Row = Record<string, unknown>

/**
 * The key never leaves: not as ciphertext, not in events; clients see whether the provider has
 * one it may use where it points (the operator's included), and which origin it is bound to.
 */
export const llmProviderExternalResolver = resolve<Row, HookContext>({
  hasApiKey: async (_value, provider, context) => hasUsableKey(provider as unknown as StoredProvider, context.app.get('operatorEndpoints')),
  apiKeyCiphertext: async () => undefined
})
