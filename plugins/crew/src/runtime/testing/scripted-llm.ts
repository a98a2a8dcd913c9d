import type { ChatResult, LlmClient } from '@troupe/sdk/plugin'
import { createTestProvider, llmClientFrom } from '@troupe/sdk/plugin/testing'
import { scriptedProviderKind, type ScriptedRule } from '@troupe/plugin-llm-scripted'

type ChatRequest = Parameters<LlmClient['chat']>[0]

export interface ScriptedLlm extends LlmClient {
  /** Every request, with the provider it was routed to. */
  requests: Array<ChatRequest & { routedTo: string }>
  /** Every answer, in the order they came. */
  results: Array<ChatResult & { costUsd: number }>
  /** The requests routed to one provider. */
  requestsTo(providerId: string): ChatRequest[]
}

export interface ScriptedLlmOptions {
  tokenDelayMs?: number
  /** Cost the host would charge per call, so tests can check that costs add up. */
  costUsdPerCall?: number
}

/**
 * Real scripted providers, one per provider id (`default` answers requests that name none),
 * behind one `LlmClient` that routes by `providerId` as the host does, and records the traffic.
 */
export function scriptedLlm(rulesByProvider: Record<string, ScriptedRule[]>, options: ScriptedLlmOptions = {}): ScriptedLlm {
  const clients = new Map(
    Object.entries(rulesByProvider).map(([id, rules]) => [
      id,
      llmClientFrom(createTestProvider(scriptedProviderKind, { options: { rules, tokenDelayMs: options.tokenDelayMs ?? 0 } }))
    ])
  )
  const requests: ScriptedLlm['requests'] = []
  const results: ScriptedLlm['results'] = []
  return {
    requests,
    results,
    requestsTo: (providerId) => requests.filter((request) => request.routedTo === providerId),
    async chat(request, chatOptions) {
      const routedTo = request.providerId ?? 'default'
      const client = clients.get(routedTo)
      if (!client) throw new Error(`No scripted provider ${routedTo} in this test`)
      requests.push({ ...request, messages: [...request.messages], routedTo })
      const result = { ...(await client.chat(request, chatOptions)), costUsd: options.costUsdPerCall ?? 0 }
      results.push(result)
      return result
    }
  }
}
