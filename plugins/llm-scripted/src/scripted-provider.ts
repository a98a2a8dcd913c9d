import type { ChatOptions, ChatRequest, ChatResult, EmbedRequest, EmbedResult, LlmProvider, LlmProviderKind, TenantLogic } from '@troupe/sdk/plugin'
import { countTokens } from './count-tokens.js'
import { embeddingWords, featureHashDimensions, featureHashEmbedding } from './feature-hash-embedding.js'
import { checkRules, matchRule } from './match-rule.js'
import { scriptedOptionsSchema, type ScriptedOptions } from './rules-schema.js'
import { streamTokens, throwIfAborted } from './stream-tokens.js'

/**
 * A provider that answers from `options.rules`, offline and deterministically; unmatched messages
 * are echoed. The rules' patterns are matched by `logic` (the tenant's logic workers); a provider
 * created without it (the host's dry run of a record being saved) only checks them.
 */
export function createScriptedProvider(options: ScriptedOptions, logic?: TenantLogic): LlmProvider {
  const rules = options.rules ?? []
  checkRules(rules)
  const delayMs = options.tokenDelayMs ?? 0
  return {
    async chat(request: ChatRequest, { signal, onToken }: ChatOptions = {}): Promise<ChatResult> {
      throwIfAborted(signal)
      if (!logic) throw new Error('This scripted provider was created without the host’s logic evaluator (config.logic), which matches its rules')
      const content = request.messages.at(-1)?.content ?? ''
      const answer = (await matchRule(rules, content, logic, signal)) ?? { text: `echo: ${content}` }
      const promptTokens = request.messages.reduce((sum, message) => sum + countTokens(message.content), 0)
      if ('toolCall' in answer) {
        // The message count makes ids unique within a conversation and identical across reruns.
        const toolCall = { id: `call_${request.messages.length}`, ...answer.toolCall }
        return {
          text: '',
          toolCalls: [toolCall],
          usage: { promptTokens, completionTokens: countTokens(JSON.stringify(toolCall.arguments)) },
          model: request.model,
          finishReason: 'tool_calls'
        }
      }
      if (onToken) await streamTokens(answer.text, onToken, { delayMs, signal })
      return {
        text: answer.text,
        toolCalls: [],
        usage: { promptTokens, completionTokens: countTokens(answer.text) },
        model: request.model,
        finishReason: 'stop'
      }
    },

    /** Offline embeddings by feature hashing (`feature-hash-embedding.ts`): `dimensions` long, 256 by default. */
    async embed(request: EmbedRequest, { signal }: { signal?: AbortSignal } = {}): Promise<EmbedResult> {
      throwIfAborted(signal)
      const dimensions = request.dimensions ?? featureHashDimensions
      return {
        vectors: request.texts.map((text) => featureHashEmbedding(text, dimensions)),
        model: request.model,
        usage: { promptTokens: request.texts.reduce((sum, text) => sum + embeddingWords(text).length, 0) }
      }
    }
  }
}

export const scriptedProviderKind: LlmProviderKind = {
  kind: 'scripted',
  displayName: 'Scripted (offline)',
  description: 'Answers from regular-expression rules without any network: for tests, demos and first runs',
  usesNetwork: false,
  optionsSchema: scriptedOptionsSchema,
  defaultModel: 'scripted',
  defaultEmbeddingModel: 'feature-hash-256',
  // The offline provider: what a new tenant starts with when no provider kind seeds one.
  seedProviders: () => [{ name: 'Offline (scripted)', priority: 100, fallback: true }],
  create: (config) => createScriptedProvider(config.options as ScriptedOptions, config.logic)
}
