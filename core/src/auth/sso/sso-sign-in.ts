import bcrypt from 'bcryptjs'
import type { RoleName, SsoErrorCode } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { isAtLeast } from '../role-rank.js'
import { randomToken } from '../secure-token.js'
import type { TenantSsoRow } from './tenant-sso.js'
import { markEmailVerified } from '../../services/email-verifications/verification-mail.js'

/** A refusal of the SSO flow: `code` goes to the login page, `reason` only to the log and the audit trail. */
export class SsoRefusal extends Error {
  constructor(
    readonly code: SsoErrorCode,
    readonly reason: string
  ) {
    super(reason)
    this.name = 'SsoRefusal'
  }
}

/** The claims of a validated ID token that sign-in reads. */
export interface SsoClaims {
  email?: unknown
  email_verified?: unknown
  name?: unknown
  [claim: string]: unknown
}

/** The domain of a verified address, lower-cased; the address must have exactly one `@`. */
export function emailDomain(email: string): string | undefined {
  const parts = email.split('@')
  return parts.length === 2 && parts[0] && parts[1] ? parts[1].toLowerCase() : undefined
}

/** The highest role any of the user's groups maps to, else the default role. */
export function roleFromGroups(settings: Pick<TenantSsoRow, 'defaultRole' | 'groupsClaim' | 'groupRoles'>, claims: SsoClaims): RoleName {
  const listed = settings.groupsClaim ? claims[settings.groupsClaim] : undefined
  const groups = Array.isArray(listed) ? listed.filter((group): group is string => typeof group === 'string') : []
  let role: RoleName | undefined
  for (const group of groups) {
    const mapped = Object.hasOwn(settings.groupRoles, group) ? settings.groupRoles[group] : undefined
    if (mapped && (!role || isAtLeast(mapped, role))) role = mapped
  }
  return role ?? settings.defaultRole
}

/**
 * Who a validated ID token signs in, in the tenant whose SSO issued it and no other: a verified
 * address of an allowed domain; the user Troupe knows by that address when it belongs to this
 * tenant, else (with just-in-time provisioning) a new user with the role its groups map to. A
 * user of another tenant is refused, whatever the token says.
 */
export async function userForClaims(app: Application, settings: TenantSsoRow, claims: SsoClaims): Promise<{ userId: string; created: boolean }> {
  if (typeof claims.email !== 'string' || !claims.email) throw new SsoRefusal('sso_email_unverified', 'The ID token has no email claim')
  if (claims.email_verified !== true) throw new SsoRefusal('sso_email_unverified', 'The ID token says the email is not verified')
  const email = claims.email.trim().toLowerCase()
  const domain = emailDomain(email)
  if (!domain || !settings.allowedDomains.map((allowed) => allowed.toLowerCase()).includes(domain)) {
    throw new SsoRefusal('sso_domain', `The email domain ${domain ?? '(none)'} is not allowed`)
  }
  const models = app.get('models')
  const existing = await models.User.query().select('id', 'tenantId').findOne({ email })
  if (existing) {
    if (existing.tenantId !== settings.tenantId) throw new SsoRefusal('sso_no_account', 'The address belongs to a user of another tenant')
    // The identity provider vouched for the address (`email_verified` is required above).
    await markEmailVerified(app, existing.id)
    return { userId: existing.id, created: false }
  }
  if (settings.provisioning !== 'jit') throw new SsoRefusal('sso_no_account', 'No user has this address and provisioning is existing-only')
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email.split('@')[0]!
  // A password nobody knows: the user signs in through SSO (or sets one by a password reset).
  const passwordHash = await bcrypt.hash(randomToken(), app.get('config').bcryptRounds)
  try {
    const user = await models.User.query().insert({ tenantId: settings.tenantId, email, name, passwordHash, role: roleFromGroups(settings, claims), emailVerifiedAt: new Date() })
    return { userId: user.id, created: true }
  } catch (error) {
    // Two first sign-ins at once: the other one created the user.
    const raced = await models.User.query().select('id', 'tenantId').findOne({ email })
    if (raced?.tenantId === settings.tenantId) return { userId: raced.id, created: false }
    throw error
  }
}
