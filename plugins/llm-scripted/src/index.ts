import { definePlugin } from '@troupe/sdk/plugin'
import { scriptedProviderKind } from './scripted-provider.js'

export { scriptedProviderKind, createScriptedProvider } from './scripted-provider.js'
export { scriptedOptionsSchema, type ScriptedOptions, type ScriptedRule, type ReplyRule, type ToolCallRule } from './rules-schema.js'

export default definePlugin({
  id: 'llm-scripted',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Offline, deterministic LLM provider answering from scripted rules',
  contributes: { llmProviders: [scriptedProviderKind] }
})
