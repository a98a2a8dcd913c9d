import { definePlugin } from '@troupe/sdk/plugin'
import { azureOpenAiProviderKind } from './azure-openai-provider.js'

export { azureOpenAiProviderKind, createAzureOpenAiProvider } from './azure-openai-provider.js'
export { azureOpenAiOptionsSchema, defaultApiVersion, type AzureOpenAiOptions } from './options-schema.js'
export { azureOpenAiPrices } from './prices.js'

/** The `azure-openai` LLM provider kind: Azure OpenAI's deployments, api-version and content filter, through the openai SDK's AzureOpenAI client. */
export default definePlugin({
  id: 'llm-azure-openai',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'LLM provider for Azure OpenAI deployments (api-key authentication)',
  contributes: { llmProviders: [azureOpenAiProviderKind] }
})
