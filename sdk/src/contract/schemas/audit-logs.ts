import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Timestamp } from './common.js'

/** One entry of a tenant's audit log: who did what, when, from where, and how it ended. */
export const auditLogSchema = Type.Object(
  {
    id: Id,
    at: Timestamp,
    /** `user`, `api-key` (a user acting through one of its keys) or `system`. */
    actorType: Type.String(),
    actorUserId: Type.Union([Id, Type.Null()]),
    actorApiKeyId: Type.Union([Id, Type.Null()]),
    /** `create`, `patch`, `remove`, `update`, `login`, `login.failed`, `logout`, `user.role-change`, `api-key.create`, `execution.start`, `execution.cancel`, `gdpr.export`, `gdpr.erase`. */
    action: Type.String(),
    service: Type.Union([Type.String(), Type.Null()]),
    method: Type.Union([Type.String(), Type.Null()]),
    recordId: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
    error: Type.Union([Type.String(), Type.Null()]),
    /** Field names, ids and roles: never values. */
    details: Type.Record(Type.String(), Type.Unknown())
  },
  { $id: 'AuditLog', additionalProperties: false }
)
export type AuditLog = Static<typeof auditLogSchema>

export const auditLogQuerySchema = querySyntax(Type.Pick(auditLogSchema, ['at', 'actorUserId', 'actorApiKeyId', 'action', 'service', 'recordId', 'outcome']))
