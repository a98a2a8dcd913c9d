import type { ChatRequest, ChatResult, LlmProvider, LlmProviderKind } from '../llm.js'
import { assertMatchesSchema } from './validate-schema.js'
import type { TenantLogic } from '../tenant-logic.js'
import { inProcessLogic } from '../../logic/in-process-logic.js'

export interface TestProviderOptions {
  options?: Record<string, unknown>
  baseUrl?: string
  model?: string
  apiKey?: string
  fetch?: typeof fetch
  timeoutMs?: number
  /** How the tenant's patterns and expressions are evaluated; the host's answers, in this thread, by default. */
  logic?: TenantLogic
}

/** Creates a provider of `kind` the way the host does, checking its options against the kind's schema. */
export function createTestProvider(kind: LlmProviderKind, config: TestProviderOptions = {}): LlmProvider {
  const options = config.options ?? {}
  assertMatchesSchema(kind.optionsSchema, options, `options of ${kind.kind}`)
  return kind.create({
    options,
    baseUrl: config.baseUrl,
    model: config.model ?? kind.defaultModel,
    apiKey: config.apiKey,
    fetch: config.fetch ?? fetch,
    timeoutMs: config.timeoutMs,
    logic: config.logic ?? inProcessLogic()
  })
}

/** Calls `chat` with streaming on and returns the result with the tokens as they arrived. */
export async function chatStreaming(
  provider: LlmProvider,
  request: ChatRequest,
  signal?: AbortSignal
): Promise<ChatResult & { tokens: string[] }> {
  const tokens: string[] = []
  const result = await provider.chat(request, { signal, onToken: (token) => tokens.push(token) })
  return { ...result, tokens }
}
