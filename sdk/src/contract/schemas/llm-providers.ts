import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

/** Price of a model in US dollars per million tokens. */
export const modelPriceSchema = Type.Object(
  { inputPerMTok: Type.Number({ minimum: 0 }), outputPerMTok: Type.Number({ minimum: 0 }) },
  { additionalProperties: false }
)

const Pricing = Type.Record(Type.String({ minLength: 1 }), modelPriceSchema)

const scriptedRule = Type.Object({}, { additionalProperties: true })

/** A provider as the API shows it: the key is never shown, only whether one is set. */
export const llmProviderSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.String({ minLength: 1, maxLength: 50 }),
    baseUrl: Type.Union([Type.String(), Type.Null()]),
    model: Type.Union([Type.String(), Type.Null()]),
    /** Whether it has a key it may use where `baseUrl` points (the server's own, for `credentialSource: "operator"`). */
    hasApiKey: Type.Boolean(),
    /** `operator`: it uses the server's `OPENAI_API_KEY`, which only ever goes to the server's endpoint; `tenant`: a key of its own. */
    credentialSource: Type.Union([Type.Literal('tenant'), Type.Literal('operator')]),
    /** The origin its own key is bound to (`null`: none, or the kind's default endpoint); a change of `baseUrl` to another origin drops the key. */
    apiKeyOrigin: Type.Union([Type.String(), Type.Null()]),
    priority: Type.Integer(),
    enabled: Type.Boolean(),
    cache: Type.Boolean(),
    timeoutMs: Type.Integer(),
    pricing: Pricing,
    rules: Type.Union([Type.Array(scriptedRule), Type.Null()]),
    options: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'LlmProvider', additionalProperties: false }
)
export type LlmProviderRecord = Static<typeof llmProviderSchema>

const writable = {
  name: llmProviderSchema.properties.name,
  kind: llmProviderSchema.properties.kind,
  baseUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  model: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  /** Write-only: stored encrypted, never returned, sent only to the origin of `baseUrl` as it is now. `null` removes it. */
  apiKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4000 }), Type.Null()])),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
  enabled: Type.Optional(Type.Boolean()),
  cache: Type.Optional(Type.Boolean()),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600000 })),
  pricing: Type.Optional(Pricing),
  rules: Type.Optional(Type.Union([Type.Array(scriptedRule, { maxItems: 500 }), Type.Null()])),
  options: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
}

export const llmProviderDataSchema = Type.Object(writable, { $id: 'LlmProviderData', additionalProperties: false })
export type LlmProviderData = Static<typeof llmProviderDataSchema>

export const llmProviderPatchSchema = Type.Partial(Type.Object(writable), {
  $id: 'LlmProviderPatch',
  additionalProperties: false
})
export type LlmProviderPatch = Static<typeof llmProviderPatchSchema>

export const llmProviderQuerySchema = querySyntax(
  Type.Pick(llmProviderSchema, ['id', 'name', 'kind', 'priority', 'enabled', 'createdAt'])
)

/** `POST /api/v1/llm-providers/:id/test`: one message through that provider alone. */
export const llmProviderTestDataSchema = Type.Object(
  { prompt: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })) },
  { additionalProperties: false }
)
export interface LlmProviderTestResult {
  ok: boolean
  text?: string
  model?: string
  usage?: { promptTokens: number; completionTokens: number }
  costUsd?: number
  latencyMs: number
  error?: string
}

/**
 * A provider kind a loaded plugin contributes (`GET /api/v1/llm-provider-kinds`): what the
 * workspace draws a provider's form from, with no per-vendor code of its own.
 */
export const llmProviderKindInfoSchema = Type.Object(
  {
    kind: Type.String(),
    displayName: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    /** Whether its providers reach the network through `baseUrl`. */
    usesNetwork: Type.Boolean(),
    /** JSON Schema of a provider record's `options` of this kind. */
    optionsSchema: Type.Record(Type.String(), Type.Unknown()),
    defaultModel: Type.Union([Type.String(), Type.Null()]),
    /** Its providers make embeddings, with this model unless told another. */
    defaultEmbeddingModel: Type.Union([Type.String(), Type.Null()]),
    /** `native`: the vendor holds answers to a JSON Schema; `prompted`: asked in words and checked. */
    structuredOutput: Type.Union([Type.Literal('native'), Type.Literal('prompted')]),
    /** The models its list prices cover, and their date (`YYYY-MM-DD`); none without a price table. */
    pricedModels: Type.Array(Type.String()),
    pricesAsOf: Type.Union([Type.String(), Type.Null()]),
    plugin: Type.String()
  },
  { $id: 'LlmProviderKindInfo', additionalProperties: false }
)
export type LlmProviderKindInfo = Static<typeof llmProviderKindInfoSchema>
