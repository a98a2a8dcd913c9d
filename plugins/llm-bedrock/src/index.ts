import { definePlugin } from '@troupe/sdk/plugin'
import { bedrockProviderKind } from './bedrock-provider.js'

export { bedrockProviderKind, createBedrockProvider } from './bedrock-provider.js'
export { bedrockRuntimeUrl, createBedrockClient } from './bedrock-client.js'
export { bedrockOptionsSchema, type BedrockOptions } from './options-schema.js'
export { bedrockPrices } from './prices.js'

/** Amazon Bedrock's Converse API as the `bedrock` LLM provider kind. */
export default definePlugin({
  id: 'llm-bedrock',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'LLM provider for the models on Amazon Bedrock, through the AWS SDK and the host’s fetch',
  contributes: { llmProviders: [bedrockProviderKind] }
})
