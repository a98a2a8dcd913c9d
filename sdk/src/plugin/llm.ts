import type { TenantLogic } from './tenant-logic.js'

/** A message of a chat conversation, in the provider-neutral shape every LLM provider accepts. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content: string
  /** Tool calls the assistant asked for (role `assistant`). */
  toolCalls?: ToolCall[]
  /** The call this message answers (role `tool`). */
  toolCallId?: string
  /** The tool's name (role `tool`), for providers that want it. */
  name?: string
}

export interface ToolCall {
  id: string
  name: string
  /** Parsed JSON arguments; `{}` when `argumentsError` is set. */
  arguments: Record<string, unknown>
  /**
   * Set by a provider when the model's arguments could not be read as a JSON object (models,
   * small local ones especially, sometimes send broken JSON): why, in words the model can act on.
   * Such a call must not run; a tool-calling loop answers it with a tool message saying so.
   */
  argumentsError?: string
}

/** A tool the model may call: a name valid for OpenAI/MCP and a JSON Schema of its arguments. */
export interface ToolSpec {
  name: string
  description?: string
  parameters: Record<string, unknown>
}

export interface ChatRequest {
  model: string
  messages: ChatMessage[]
  tools?: ToolSpec[]
  temperature?: number
  maxTokens?: number
}

export interface TokenUsage {
  promptTokens: number
  completionTokens: number
}

export interface ChatResult {
  text: string
  toolCalls: ToolCall[]
  usage: TokenUsage
  /** The model that answered (the endpoint may resolve an alias). */
  model: string
  finishReason: 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'error'
}

export interface ChatOptions {
  /** Aborts the call (cancellation, timeout). */
  signal?: AbortSignal
  /**
   * Receives the reply as it streams; when given the provider streams. Through the host's LLM
   * client, tokens of a provider that then fails are not part of the answer: the `llm.failover`
   * event that follows says how many to discard (`discardedTokens`, docs/llm.md).
   */
  onToken?: (token: string) => void
}

/** A configured provider instance: one endpoint, one key. */
export interface LlmProvider {
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult>
}

/** What a provider kind is created from: the stored provider record, with its key decrypted. */
export interface LlmProviderConfig {
  baseUrl?: string
  model?: string
  apiKey?: string
  /** Kind-specific settings, validated against the kind's `optionsSchema` (e.g. scripted `rules`). */
  options: Record<string, unknown>
  /** The fetch to use for every HTTP call: the host's, which refuses forbidden addresses. */
  fetch: typeof fetch
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number
  /**
   * The tenant's logic evaluator: a provider that evaluates tenant-written patterns or expressions
   * (scripted rules) does it through this, never in the calling thread. The host always gives it
   * since plugin API 1.2; it is absent when a kind is only checked (a dry run of `create` at save).
   */
  logic?: TenantLogic
}

/** A kind of LLM provider a plugin contributes (`openai`, `scripted`, ...). */
/** What a model costs, in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMTok: number
  outputPerMTok: number
}

/**
 * A provider kind's list prices by model name. A dated snapshot of a model
 * (`gpt-4o-2024-08-06`) is priced as the longest listed name it starts with (`gpt-4o`); a
 * provider record's own `pricing` wins over the table. Since plugin API 1.4.
 */
export interface PriceTable {
  /** When the prices were copied from the vendor's list (`YYYY-MM-DD`). */
  asOf: string
  models: Record<string, ModelPrice>
}

export interface LlmProviderKind {
  /** Stored in a provider record's `kind`. */
  kind: string
  displayName: string
  description?: string
  /** Whether records of this kind reach the network through `baseUrl` (it is then checked). */
  usesNetwork: boolean
  /** JSON Schema of the kind-specific `options` of a provider record. */
  optionsSchema: Record<string, unknown>
  /** Default model when a record names none. */
  defaultModel?: string
  /** The vendor's list prices, for the cost of each call (none: calls cost what the record's `pricing` says, else 0). */
  prices?: PriceTable
  /**
   * The operator's own endpoint of this kind and the key the server holds for it, read from the
   * contributing plugin's settings (`llm-openai`: `OPENAI_BASE_URL`, `OPENAI_API_KEY`); none when
   * the operator configured none. Providers of the kind with `credentialSource: "operator"` send
   * that key, and only to that endpoint (its origin, at or under its path); the LLM outbound policy
   * lets every provider reach it even on a loopback or private address. Since plugin API 1.7.
   */
  operatorEndpoint?(settings: Record<string, unknown>): OperatorEndpoint | undefined
  /**
   * The providers of this kind a new tenant starts with (a tenant can call an LLM at once). The
   * host inserts every kind's seeds that are not `fallback`; only when there are none, the
   * `fallback` ones (the offline provider). Since plugin API 1.7.
   */
  seedProviders?(context: ProviderSeedContext): ProviderSeed[]
  create(config: LlmProviderConfig): LlmProvider
}

/** An operator's endpoint of a provider kind (`LlmProviderKind.operatorEndpoint`). */
export interface OperatorEndpoint {
  /** Where the operator's key may go: this origin, at or under this path. */
  baseUrl: string
  /** The operator's key; none: the endpoint needs none (a local model server). */
  apiKey?: string
}

export interface ProviderSeedContext {
  /** The contributing plugin's settings. */
  settings: Record<string, unknown>
  /** The kind's operator endpoint, when the operator configured one (its key is not handed out). */
  operatorEndpoint?: { baseUrl: string }
}

/** A provider record a new tenant starts with. */
export interface ProviderSeed {
  /** Unique in the tenant. */
  name: string
  /** Lower is tried first. */
  priority: number
  baseUrl?: string
  model?: string
  /** Kind-specific options, valid against the kind's `optionsSchema`. */
  options?: Record<string, unknown>
  /** The record uses the operator's key (`credentialSource: "operator"`), resolved at call time and never copied. */
  operatorCredential?: boolean
  /** Seeded only when no kind seeds anything else (the offline provider). */
  fallback?: boolean
}

/** Raised by providers for failures worth trying the next provider for (network, 5xx, 429, timeout). */
export class LlmProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number
  ) {
    super(message)
    this.name = 'LlmProviderError'
  }
}
