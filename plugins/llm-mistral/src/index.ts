import { definePlugin } from '@troupe/sdk/plugin'
import { mistralProviderKind } from './mistral-kind.js'

export { mistralProviderKind } from './mistral-kind.js'
export { mistralOptionsSchema, moderationCategories, type MistralOptions, type ModerationCategory } from './options-schema.js'
export { mistralPrices } from './prices.js'

/** Mistral AI as an LLM provider kind (`mistral`): chat, streaming, tool calls, JSON Schema answers, embeddings. */
export default definePlugin({
  id: 'llm-mistral',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'LLM provider for Mistral AI, through its own SDK',
  contributes: { llmProviders: [mistralProviderKind] }
})
