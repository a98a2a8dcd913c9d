import { definePlugin } from '@troupe/sdk/plugin'
import { openAiProviderKind } from './openai-provider.js'
import { openAiSettingsSchema } from './operator-settings.js'

export { openAiProviderKind, createOpenAiProvider } from './openai-provider.js'
export { openAiOptionsSchema, type OpenAiOptions } from './options-schema.js'
export { openAiPrices } from './prices.js'
export { openAiApiUrl, openAiOperatorEndpoint, openAiSeeds, openAiSettingsSchema, operatorProviderName, type OpenAiSettings } from './operator-settings.js'

export default definePlugin({
  id: 'llm-openai',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'LLM provider for OpenAI and any OpenAI-compatible endpoint',
  settings: openAiSettingsSchema,
  contributes: { llmProviders: [openAiProviderKind] }
})
