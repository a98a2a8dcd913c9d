import type { TenantLogic } from './tenant-logic.js'

/** A message of a chat conversation, in the provider-neutral shape every LLM provider accepts. */
/**
 * What a vendor needs back, unchanged, when a conversation returns to it: Anthropic's thinking
 * blocks before a tool use, Gemini's thought signatures on function calls. Keyed by the provider
 * kind that wrote it (`{anthropic: …}`), plain JSON, opaque to everyone else: whoever keeps a
 * conversation (a tool-calling loop) keeps it with the message or call it came on, and never shows
 * or changes it. A provider reads only its own key and works without it (a conversation that
 * failed over from another vendor, or was written by hand). Since plugin API 1.9.
 */
export type VendorData = Record<string, unknown>

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content: string
  /** The `vendorData` of the result this assistant message came from. */
  vendorData?: VendorData
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
  /** What the vendor attached to this call and needs back with it (see `VendorData`). */
  vendorData?: VendorData
}

/** A tool the model may call: a name valid for OpenAI/MCP and a JSON Schema of its arguments. */
export interface ToolSpec {
  name: string
  description?: string
  parameters: Record<string, unknown>
}

/**
 * Structured output: the answer's text must be JSON valid against `schema`. A provider kind that
 * declares `structuredOutput: 'native'` sends it to the vendor (OpenAI's `response_format`,
 * Gemini's `responseSchema`, ...); for the others the host asks for it in words and checks the
 * answer, asking once more with what was wrong when it is not valid (since plugin API 1.8).
 */
export interface ResponseFormat {
  type: 'json_schema'
  /** A name for the schema, `[A-Za-z0-9_-]{1,64}` (vendors require one). */
  name: string
  schema: Record<string, unknown>
}

export interface ChatRequest {
  model: string
  messages: ChatMessage[]
  tools?: ToolSpec[]
  temperature?: number
  maxTokens?: number
  /** Ask for a JSON answer matching a schema (since plugin API 1.8). */
  responseFormat?: ResponseFormat
}

export interface TokenUsage {
  promptTokens: number
  completionTokens: number
  /**
   * Of `promptTokens`, those the vendor served from its prompt cache (billed at the cached rate,
   * `ModelPrice.cachedInputPerMTok`). Since plugin API 1.8.
   */
  cachedPromptTokens?: number
}

export interface ChatResult {
  text: string
  toolCalls: ToolCall[]
  usage: TokenUsage
  /** The model that answered (the endpoint may resolve an alias). */
  model: string
  finishReason: 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'error'
  /** What the vendor needs back with this turn: keep it on the assistant message made from this result. */
  vendorData?: VendorData
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

/** Texts to turn into vectors (embeddings). */
export interface EmbedRequest {
  model: string
  texts: string[]
  /** Ask for vectors of this length, where the model can shorten them. */
  dimensions?: number
}

export interface EmbedResult {
  /** One vector per text, in the request's order, all of the same length. */
  vectors: number[][]
  model: string
  usage: { promptTokens: number }
}

/** A configured provider instance: one endpoint, one key. */
export interface LlmProvider {
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult>
  /** Embeddings, where the vendor has them (since plugin API 1.8). */
  embed?(request: EmbedRequest, options?: { signal?: AbortSignal }): Promise<EmbedResult>
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
  /** Prompt tokens served from the vendor's cache; `inputPerMTok` when the vendor has no such rate. Since plugin API 1.8. */
  cachedInputPerMTok?: number
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
  /** Default embedding model, for a kind whose providers can `embed` (since plugin API 1.8). */
  defaultEmbeddingModel?: string
  /**
   * How the kind's providers meet `responseFormat`: `native`, they send the schema to the vendor,
   * which holds its answer to it; otherwise (the default) the host asks for JSON in words and
   * checks the answer (since plugin API 1.8).
   */
  structuredOutput?: 'native' | 'prompted'
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

/**
 * Why a provider call failed, as the failover chain reads it (since plugin API 1.8):
 * - `auth`: the key is wrong or lacks rights; the next provider is tried (it has its own key).
 * - `rate_limited`: the vendor said to slow down (`retryAfterMs`); the next provider is tried and
 *   this one rests for the tenant until then.
 * - `overloaded`, `server`, `network`, `timeout`: the vendor could not answer now; the next one is tried.
 * - `cut_stream`: the answer stopped mid-stream; the next provider answers whole (consumers drop
 *   what was streamed, see `ChatOptions.onToken`).
 * - `context_too_long`: the conversation does not fit the model; no failover (a 400 saying so).
 * - `content_filtered`: the vendor's safety filter refused; no failover (routing around a filter
 *   is not the platform's call).
 * - `bad_request`: the request itself is wrong for the vendor; no failover.
 */
export type LlmFailureReason = 'auth' | 'rate_limited' | 'overloaded' | 'server' | 'network' | 'timeout' | 'cut_stream' | 'context_too_long' | 'content_filtered' | 'bad_request'

/** The reasons worth the next provider. */
const failoverReasons: ReadonlySet<LlmFailureReason> = new Set(['auth', 'rate_limited', 'overloaded', 'server', 'network', 'timeout', 'cut_stream'])

/** Raised by providers for a failed call; `retryable`: worth trying the next provider for (network, 5xx, 429, timeout). */
export class LlmProviderError extends Error {
  /** Why it failed, when the provider tells (since plugin API 1.8). */
  readonly reason?: LlmFailureReason
  /** For `rate_limited`: how long the vendor asked to wait, in milliseconds. */
  readonly retryAfterMs?: number

  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    details: { reason?: LlmFailureReason; retryAfterMs?: number } = {}
  ) {
    super(message)
    this.name = 'LlmProviderError'
    this.reason = details.reason
    this.retryAfterMs = details.retryAfterMs
  }

  /** A failure of `reason`, retryable exactly when that reason is worth the next provider. */
  static of(reason: LlmFailureReason, message: string, details: { status?: number; retryAfterMs?: number } = {}): LlmProviderError {
    return new LlmProviderError(message, failoverReasons.has(reason), details.status, { reason, retryAfterMs: details.retryAfterMs })
  }
}

/**
 * How long a `Retry-After` (or `retry-after-ms`) header asks to wait, in milliseconds: seconds or
 * an HTTP date; `undefined` when absent or unreadable. Capped at an hour.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  const exact = Number(headers?.get('retry-after-ms'))
  if (Number.isFinite(exact) && exact > 0) return Math.min(exact, 3_600_000)
  const value = headers?.get('retry-after')?.trim()
  if (!value) return undefined
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 3_600_000) : undefined
}

/**
 * The failure an HTTP status (and the vendor's message) means, for providers that call an HTTP
 * API: 401/403 auth, 429 rate limited (with `Retry-After`), 529 and 503 overloaded, other 5xx
 * server, 400/413/422 whose message speaks of the context length context too long, content-filter
 * words content filtered, any other 4xx a bad request.
 */
export function failureOfStatus(status: number, message: string, headers?: { get(name: string): string | null }): LlmProviderError {
  const text = `HTTP ${status}: ${message}`
  if (status === 401 || status === 403) return LlmProviderError.of('auth', text, { status })
  if (status === 429) return LlmProviderError.of('rate_limited', text, { status, retryAfterMs: retryAfterMs(headers) })
  if (status === 529 || status === 503) return LlmProviderError.of('overloaded', text, { status, retryAfterMs: retryAfterMs(headers) })
  if (status >= 500) return LlmProviderError.of('server', text, { status })
  if (/context[ _-]?(length|window)|too many tokens|maximum context|prompt is too long|input is too long|tokens? exceed/i.test(message)) return LlmProviderError.of('context_too_long', text, { status })
  if (/content[ _-]?(filter|policy|management)|safety|blocked|moderation/i.test(message)) return LlmProviderError.of('content_filtered', text, { status })
  return LlmProviderError.of('bad_request', text, { status })
}
