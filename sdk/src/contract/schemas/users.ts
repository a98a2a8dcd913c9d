import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Role, Timestamp } from './common.js'

const Email = Type.String({ format: 'email', maxLength: 320 })
const Password = Type.String({ minLength: 8, maxLength: 200 })
const Name = Type.String({ minLength: 1, maxLength: 200 })

/** A user as the API shows it. The password hash never leaves the server. */
export const userSchema = Type.Object(
  {
    id: Id,
    tenantId: Id,
    email: Email,
    name: Name,
    role: Role,
    /**
     * When the address was proven: by the link mailed at signup (when the server sends mail), an
     * invitation or reset link, or the identity provider. `null` while unproven (such a user cannot
     * invite others by email). Absent from older servers.
     */
    emailVerifiedAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'User', additionalProperties: false }
)
export type User = Static<typeof userSchema>

/** An admin adds a user to its tenant with an initial password. */
export const userDataSchema = Type.Object(
  { email: Email, name: Name, password: Password, role: Type.Optional(Role) },
  { $id: 'UserData', additionalProperties: false }
)
export type UserData = Static<typeof userDataSchema>

/**
 * Changes to a user. Changing your own `password` takes your `currentPassword` as well (400 naming
 * it when missing or wrong); an admin setting another user's password does not. Write-only.
 */
export const userPatchSchema = Type.Partial(
  Type.Object({ email: Email, name: Name, password: Password, currentPassword: Type.String({ minLength: 1, maxLength: 200 }), role: Role }),
  { $id: 'UserPatch', additionalProperties: false }
)
export type UserPatch = Static<typeof userPatchSchema>

export const userQueryProperties = Type.Pick(userSchema, ['id', 'email', 'name', 'role', 'createdAt', 'updatedAt'])
export const userQuerySchema = querySyntax(userQueryProperties)
export type UserQuery = Static<typeof userQuerySchema>
