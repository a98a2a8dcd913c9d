import { BadRequest } from '@feathersjs/errors'
import bcrypt from 'bcryptjs'
import type { HookContext } from '../../declarations.js'
import { isOwnAccount } from './is-own-account.js'

const field = 'currentPassword'
const refused = (message: string) => new BadRequest(`${field} ${message}`, [{ field, message }])

/**
 * A user who changes its own password proves it knows the current one (`currentPassword`,
 * compared with bcrypt like a login, and counted against the account's failed logins so a stolen
 * access token is no password oracle). An admin setting another user's password needs none. The
 * field is taken out of the data here, whoever sent it: it is never stored, hashed or echoed.
 */
export async function requireCurrentPassword(context: HookContext) {
  const data = context.data as Record<string, unknown> | undefined
  if (!data || typeof data !== 'object' || Array.isArray(data)) return
  const { currentPassword, ...rest } = data
  context.data = rest
  const { principal, provider, ip } = context.params
  if (!provider || rest.password === undefined || !isOwnAccount(context)) return
  if (typeof currentPassword !== 'string' || currentPassword === '') throw refused('is required to change your own password')
  const { User } = context.app.get('models')
  const account = await User.query().select('email', 'passwordHash').findById(principal!.userId)
  if (!account) throw refused('is not your current password')
  const limiters = context.app.get('rateLimiters')
  await limiters.assertLoginAllowed(account.email, ip)
  if (!(await bcrypt.compare(currentPassword, account.passwordHash))) {
    await limiters.loginFailed(account.email, ip)
    throw refused('is not your current password')
  }
}
