import { definePlugin } from '@troupe/sdk/plugin'
import { anthropicProviderKind } from './anthropic-provider.js'
import { anthropicSettingsSchema } from './operator-settings.js'

export { anthropicProviderKind, createAnthropicProvider, createAnthropicProviderKind } from './anthropic-provider.js'
export { anthropicOptionsSchema, defaultMaxTokens, type AnthropicOptions } from './options-schema.js'
export { anthropicPrices } from './prices.js'
export { anthropicApiUrl, anthropicOperatorEndpoint, anthropicSeeds, anthropicSettingsSchema, operatorProviderName, type AnthropicSettings } from './operator-settings.js'

/** Anthropic's Messages API (Claude) as the `anthropic` LLM provider kind. */
export default definePlugin({
  id: 'llm-anthropic',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: "LLM provider for Anthropic's Claude models, through the vendor's SDK",
  settings: anthropicSettingsSchema,
  contributes: { llmProviders: [anthropicProviderKind] }
})
