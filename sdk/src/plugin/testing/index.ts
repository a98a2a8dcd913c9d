export { runNode, llmClientFrom, type RunNodeOptions, type RunNodeResult } from './run-node.js'
export { createTestProvider, chatStreaming, type TestProviderOptions } from './create-test-provider.js'
export { assertMatchesSchema } from './validate-schema.js'
export { rejectionOf } from './rejection-of.js'
