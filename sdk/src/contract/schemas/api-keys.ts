import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Role, Timestamp } from './common.js'

/** An API key as listed: never the key itself, only its first characters. */
export const apiKeySchema = Type.Object(
  {
    id: Id,
    userId: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    prefix: Type.String(),
    role: Type.Union([Role, Type.Null()]),
    createdAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
    expiresAt: Type.Union([Timestamp, Type.Null()])
  },
  { $id: 'ApiKey', additionalProperties: false }
)
export type ApiKey = Static<typeof apiKeySchema>

/** The answer to `create`: the only time `key` is shown. */
export const createdApiKeySchema = Type.Object(
  { ...apiKeySchema.properties, key: Type.String({ description: 'The key itself (`trp_...`): shown this once, stored only as a hash' }) },
  { $id: 'CreatedApiKey', additionalProperties: false }
)
export type CreatedApiKey = Static<typeof createdApiKeySchema>

export const apiKeyDataSchema = Type.Object(
  {
    name: apiKeySchema.properties.name,
    role: Type.Optional(Role),
    expiresAt: Type.Optional(Timestamp)
  },
  { $id: 'ApiKeyData', additionalProperties: false }
)
export type ApiKeyData = Static<typeof apiKeyDataSchema>

export const apiKeyQuerySchema = querySyntax(Type.Pick(apiKeySchema, ['id', 'name', 'userId', 'createdAt']))
export type ApiKeyQuery = Static<typeof apiKeyQuerySchema>
