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
export type CreatedApiKey = ApiKey & { key: string }

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
