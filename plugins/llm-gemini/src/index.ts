import { definePlugin } from '@troupe/sdk/plugin'
import { geminiProviderKind } from './gemini-provider.js'

export { geminiProviderKind, createGeminiProvider } from './gemini-provider.js'
export { geminiApiUrl } from './gemini-endpoint.js'
export { geminiOptionsSchema, type GeminiOptions } from './options-schema.js'
export { geminiPrices } from './prices.js'

export default definePlugin({
  id: 'llm-gemini',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'LLM provider for Google Gemini (the Gemini Developer API)',
  contributes: { llmProviders: [geminiProviderKind] }
})
