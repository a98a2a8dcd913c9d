import type { LlmProvider, LlmProviderKind } from '@troupe/sdk/plugin'
import { mistralOptionsSchema } from './options-schema.js'
import { mistralPrices } from './prices.js'
import { assertNoDedicatedTelemetry } from './mistral-telemetry.js'

/**
 * The `mistral` kind as the host loads it with every server. Mistral's SDK takes a second or more
 * to import (its request and response models), so the provider module that uses it loads on a
 * provider's first call, not with the plugin: a server whose tenants use no Mistral provider never
 * pays for it.
 */
export const mistralProviderKind: LlmProviderKind = {
  kind: 'mistral',
  displayName: 'Mistral AI',
  description: "Mistral's API (La Plateforme) through Mistral's own SDK: streaming, parallel tool calls, JSON Schema answers, embeddings",
  usesNetwork: true,
  optionsSchema: mistralOptionsSchema,
  defaultModel: 'mistral-small-latest',
  defaultEmbeddingModel: 'mistral-embed',
  structuredOutput: 'native',
  prices: mistralPrices,
  create(config): LlmProvider {
    // Refused at once, as the host's dry run of a record being saved expects, not at the first call.
    assertNoDedicatedTelemetry()
    let provider: Promise<LlmProvider> | undefined
    const loaded = () => (provider ??= import('./mistral-provider.js').then((module) => module.createMistralProvider(config)))
    return {
      chat: async (request, options) => (await loaded()).chat(request, options),
      embed: async (request, options) => (await loaded()).embed!(request, options)
    }
  }
}
