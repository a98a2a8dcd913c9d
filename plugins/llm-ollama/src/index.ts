import { definePlugin } from '@troupe/sdk/plugin'
import { ollamaProviderKind } from './ollama-provider.js'

export { ollamaProviderKind, createOllamaProvider, ollamaDefaultUrl } from './ollama-provider.js'
export { ollamaOptionsSchema, type OllamaOptions } from './options-schema.js'
export { ollamaPrices } from './prices.js'

/** The `ollama` LLM provider kind: local models through Ollama's native API (streamed chat, tools, JSON Schema output, embeddings). */
export default definePlugin({
  id: 'llm-ollama',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'LLM provider for Ollama through its native API',
  contributes: { llmProviders: [ollamaProviderKind] }
})
