import { BadRequest } from '@feathersjs/errors'
import bcrypt from 'bcryptjs'
import type { HookContext } from '../../declarations.js'
import { normalizeEmail } from './email-availability.js'
import { isOwnAccount } from './is-own-account.js'

const field = 'currentPassword'
const refused = (message: string) => new BadRequest(`${field} ${message}`, [{ field, message }])

/**
 * A user who changes its own password or email (the two halves of a login) proves it knows the
 * current password (`currentPassword`, compared with bcrypt like a login, and counted against the
 * account's failed logins so a stolen access token is no password oracle and cannot move the
 * account to another address). Sending the email it already has changes nothing and needs none;
 * an admin changing another user needs none. The field is taken out of the data here, whoever
 * sent it: it is never stored, hashed or echoed.
 */
export async function requireCurrentPassword(context: HookContext) {
  const data = context.data as Record<string, unknown> | undefined
  if (!data || typeof data !== 'object' || Array.isArray(data)) return
  const { currentPassword, ...rest } = data
  context.data = rest
  const { principal, provider, ip } = context.params
  if (!provider || (rest.password === undefined && rest.email === undefined) || !isOwnAccount(context)) return
  const { User } = context.app.get('models')
  const account = await User.query().select('email', 'passwordHash').findById(principal!.userId)
  if (!account) throw refused('is not your current password')
  if (rest.password === undefined && typeof rest.email === 'string' && normalizeEmail(rest.email) === account.email) return
  if (typeof currentPassword !== 'string' || currentPassword === '') throw refused('is required to change your own password or email')
  const limiters = context.app.get('rateLimiters')
  await limiters.assertLoginAllowed(account.email, ip)
  if (!(await bcrypt.compare(currentPassword, account.passwordHash))) {
    await limiters.loginFailed(account.email, ip)
    throw refused('is not your current password')
  }
}
