import { Type, querySyntax, type Static } from '@feathersjs/typebox'
import { Id, Role, Timestamp } from './common.js'
import { userDataSchema, type User } from './users.js'

/** A token from a link Troupe mailed (invitation or password reset): 43 base64url characters. */
const EmailToken = Type.String({ minLength: 1, maxLength: 200 })

/** A pending invitation as admins list it: never its token (which only the mail carries). */
export const invitationSchema = Type.Object(
  {
    id: Id,
    tenantId: Id,
    email: userDataSchema.properties.email,
    role: Role,
    invitedBy: Type.Union([Id, Type.Null()]),
    createdAt: Timestamp,
    expiresAt: Timestamp
  },
  { $id: 'Invitation', additionalProperties: false }
)
export type Invitation = Static<typeof invitationSchema>

/** `POST /api/v1/invitations` (admins): mails `email` a link to join the tenant with `role`. */
export const invitationDataSchema = Type.Object(
  { email: userDataSchema.properties.email, role: Role },
  { $id: 'InvitationData', additionalProperties: false }
)
export type InvitationData = Static<typeof invitationDataSchema>

export const invitationQuerySchema = querySyntax(Type.Pick(invitationSchema, ['id', 'email', 'role', 'createdAt', 'expiresAt']))
export type InvitationQuery = Static<typeof invitationQuerySchema>

/** `POST /api/v1/invitation-acceptances` (public): the invitee names itself and sets a password. */
export const invitationAcceptanceDataSchema = Type.Object(
  { token: EmailToken, name: userDataSchema.properties.name, password: userDataSchema.properties.password },
  { $id: 'InvitationAcceptanceData', additionalProperties: false }
)
export type InvitationAcceptanceData = Static<typeof invitationAcceptanceDataSchema>

/** What accepting answers: a login of the new user (the web workspace gets the refresh token as a cookie). */
export interface InvitationAcceptanceResult {
  user: User
  accessToken: string
  refreshToken: string
}

/** `POST /api/v1/password-resets` (public): mails a reset link when an account has `email`. */
export const passwordResetDataSchema = Type.Object({ email: userDataSchema.properties.email }, { $id: 'PasswordResetData', additionalProperties: false })
export type PasswordResetData = Static<typeof passwordResetDataSchema>

/** The one answer to every reset request, whether the address has an account or not. */
export interface PasswordResetRequested {
  accepted: true
  message: string
}

/** `POST /api/v1/password-reset-confirmations` (public): sets the password the link was for. */
export const passwordResetConfirmationDataSchema = Type.Object(
  { token: EmailToken, password: userDataSchema.properties.password },
  { $id: 'PasswordResetConfirmationData', additionalProperties: false }
)
export type PasswordResetConfirmationData = Static<typeof passwordResetConfirmationDataSchema>

export interface PasswordResetConfirmed {
  reset: true
}

/**
 * `POST /api/v1/email-verifications` (any signed-in user, for its own address): mails a new
 * verification link (the older ones stop working). Nothing to send when the address is verified.
 */
export const emailVerificationDataSchema = Type.Object({}, { $id: 'EmailVerificationData', additionalProperties: false })
export type EmailVerificationData = Static<typeof emailVerificationDataSchema>

export interface EmailVerificationRequested {
  /** Whether a link was mailed (`false`: the address is verified already). */
  sent: boolean
  message: string
}

/** `POST /api/v1/email-verification-confirmations` (public): proves the address the mailed link was for. */
export const emailVerificationConfirmationDataSchema = Type.Object({ token: EmailToken }, { $id: 'EmailVerificationConfirmationData', additionalProperties: false })
export type EmailVerificationConfirmationData = Static<typeof emailVerificationConfirmationDataSchema>

export interface EmailVerificationConfirmed {
  verified: true
  email: string
}
