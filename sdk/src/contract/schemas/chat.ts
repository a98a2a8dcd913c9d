import { Type, querySyntax, type Static, type TSchema } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** A conversation of one user with an agent, a crew or a flow (exactly one of them). */
export const chatSessionSchema = Type.Object(
  {
    id: Id,
    title: Type.String({ maxLength: 200 }),
    agentId: Nullable(Id),
    crewId: Nullable(Id),
    flowId: Nullable(Id),
    userId: Id,
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'ChatSession', additionalProperties: false }
)
export type ChatSession = Static<typeof chatSessionSchema>

export const chatSessionDataSchema = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    agentId: Type.Optional(Nullable(Id)),
    crewId: Type.Optional(Nullable(Id)),
    flowId: Type.Optional(Nullable(Id))
  },
  { $id: 'ChatSessionData', additionalProperties: false }
)
export type ChatSessionData = Static<typeof chatSessionDataSchema>

/** Only the title changes; what a session talks to is fixed. */
export const chatSessionPatchSchema = Type.Object({ title: Type.String({ maxLength: 200 }) }, { $id: 'ChatSessionPatch', additionalProperties: false })
export type ChatSessionPatch = Static<typeof chatSessionPatchSchema>

export const chatSessionQuerySchema = querySyntax(Type.Pick(chatSessionSchema, ['id', 'title', 'agentId', 'crewId', 'flowId', 'userId', 'createdAt', 'updatedAt']))

export const chatMessageStatuses = ['complete', 'streaming', 'failed', 'cancelled'] as const

/**
 * A message of a session. Creating a user message answers with it at once and starts the
 * assistant's answer: an assistant message (`streaming`, with the `executionId` that produces it)
 * is created, its tokens arrive as `chat-messages token` events, and it is patched to `complete`
 * (or `failed`/`cancelled`) with its full content when the answer ends.
 */
export const chatMessageSchema = Type.Object(
  {
    id: Id,
    sessionId: Id,
    userId: Id,
    role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
    content: Type.String(),
    status: Type.Union(chatMessageStatuses.map((status) => Type.Literal(status))),
    executionId: Nullable(Id),
    error: Nullable(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'ChatMessage', additionalProperties: false }
)
export type ChatMessageRecord = Static<typeof chatMessageSchema>

export const chatMessageDataSchema = Type.Object(
  { sessionId: Id, content: Type.String({ minLength: 1, maxLength: 32_000 }) },
  { $id: 'ChatMessageData', additionalProperties: false }
)
export type ChatMessageData = Static<typeof chatMessageDataSchema>

/** The stop button: cancels a streaming answer. */
export const chatMessagePatchSchema = Type.Object({ status: Type.Literal('cancelled') }, { $id: 'ChatMessagePatch', additionalProperties: false })
export type ChatMessagePatch = Static<typeof chatMessagePatchSchema>

export const chatMessageQuerySchema = querySyntax(Type.Pick(chatMessageSchema, ['id', 'sessionId', 'role', 'status', 'createdAt']))

/**
 * `chat-messages token`: one streamed piece of an assistant message, `index` counting from 0. A
 * piece with `discardIndices` (and an empty `token`) takes back the pieces at those indices: the
 * partial answer of a provider that failed over mid-stream (docs/crews.md, Chat).
 */
export interface ChatTokenEvent {
  sessionId: string
  messageId: string
  userId: string
  token: string
  index: number
  discardIndices?: number[]
}
