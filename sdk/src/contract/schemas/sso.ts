import { Type, type Static } from '@feathersjs/typebox'
import { Id, Role, Timestamp } from './common.js'

const Domain = Type.String({ minLength: 3, maxLength: 253, pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))+$' })

/** Who may come in through SSO: only users Troupe already knows, or anyone of an allowed domain (created on first sign-in). */
export const ssoProvisioningModes = ['jit', 'existing-only'] as const
export type SsoProvisioning = (typeof ssoProvisioningModes)[number]

const ssoSettingsFields = {
  /** The OpenID Provider's issuer URL (discovery: `<issuer>/.well-known/openid-configuration`). */
  issuer: Type.String({ minLength: 8, maxLength: 2000, format: 'uri' }),
  clientId: Type.String({ minLength: 1, maxLength: 500 }),
  /** The button's text: "Sign in with <displayName>". */
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  /** Email domains whose verified addresses may sign in; at least one. */
  allowedDomains: Type.Array(Domain, { minItems: 1, maxItems: 50 }),
  /** The role of a user created on first sign-in whose groups map to none. */
  defaultRole: Role,
  /** The ID token claim that lists the user's groups (`groups` in most providers). */
  groupsClaim: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  /** Group → role, for users created on first sign-in; the highest role any of their groups maps to wins. */
  groupRoles: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Role, { maxProperties: 100 })),
  provisioning: Type.Union(ssoProvisioningModes.map((mode) => Type.Literal(mode))),
  /** Whether the tenant's users may still sign in with a password; switching it off needs a working SSO. */
  passwordLogin: Type.Boolean()
}

/** `GET /api/v1/sso-settings/:tenantId` (admins): the client secret is never shown, only whether one is stored. */
export const ssoSettingsSchema = Type.Object(
  {
    tenantId: Id,
    ...ssoSettingsFields,
    groupsClaim: Type.Union([Type.String(), Type.Null()]),
    groupRoles: Type.Record(Type.String(), Role),
    hasClientSecret: Type.Boolean(),
    /** When an admin last signed in through this configuration; password login can be switched off once set. */
    verifiedAt: Type.Union([Timestamp, Type.Null()]),
    /** The callback to register at the provider. */
    redirectUri: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp
  },
  { $id: 'SsoSettings', additionalProperties: false }
)
export type SsoSettings = Static<typeof ssoSettingsSchema>

/**
 * `PUT /api/v1/sso-settings/:tenantId` (admins): the whole configuration. `clientSecret` is
 * write-only; it may be left out while the issuer keeps its origin.
 */
export const ssoSettingsDataSchema = Type.Object(
  { ...ssoSettingsFields, clientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
  { $id: 'SsoSettingsData', additionalProperties: false }
)
export type SsoSettingsData = Static<typeof ssoSettingsDataSchema>

/** One tenant's sign-in option, as the public login page sees it. */
export const ssoOptionSchema = Type.Object(
  {
    tenantId: Id,
    tenantName: Type.String(),
    displayName: Type.String(),
    passwordLogin: Type.Boolean(),
    /** Where the browser goes to sign in (`GET`, a redirect to the provider). */
    startUrl: Type.String()
  },
  { $id: 'SsoOption', additionalProperties: false }
)
export type SsoOption = Static<typeof ssoOptionSchema>

/** `GET /api/v1/sso-options?q=` (public): `q` is a workspace id or name, an email address or its domain. */
export const ssoOptionQuerySchema = Type.Object({ q: Type.String({ minLength: 1, maxLength: 320 }) }, { $id: 'SsoOptionQuery', additionalProperties: false })
export type SsoOptionQuery = Static<typeof ssoOptionQuerySchema>

/** The short codes the SSO callback sends the login page (`/login?sso_error=`): they say what failed, never why in detail. */
export const ssoErrorCodes = ['sso_unavailable', 'sso_state', 'sso_denied', 'sso_token', 'sso_email_unverified', 'sso_domain', 'sso_no_account', 'sso_ambiguous'] as const
export type SsoErrorCode = (typeof ssoErrorCodes)[number]
