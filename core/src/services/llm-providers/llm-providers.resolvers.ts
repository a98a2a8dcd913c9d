import { resolve } from '@feathersjs/schema'
import type { HookContext } from '../../declarations.js'

type Row = Record<string, unknown>

/** The key never leaves: not as ciphertext, not in events; clients see only whether one is set. */
export const llmProviderExternalResolver = resolve<Row, HookContext>({
  hasApiKey: async (_value, provider) => Boolean(provider.apiKeyCiphertext),
  apiKeyCiphertext: async () => undefined
})
