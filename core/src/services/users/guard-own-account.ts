import { Forbidden } from '@feathersjs/errors'
import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../../declarations.js'
import { isOwnAccount } from './is-own-account.js'

/** Nobody changes their own role or removes their own account through the users service, and API keys change no credentials. */
export async function guardOwnAccount(context: HookContext, next: NextFunction) {
  const { principal, provider } = context.params
  const data = context.data as Record<string, unknown> | undefined
  if (provider && principal?.apiKeyId && data && ('password' in data || 'email' in data)) {
    // A key, even a read-only one, must not become its owner's login.
    const field = 'password' in data ? 'password' : 'email'
    throw new Forbidden('Passwords and emails are changed in a login session, not with an API key', [{ field, message: 'may not be changed with an API key' }])
  }
  if (provider && isOwnAccount(context)) {
    if (context.method === 'remove') throw new Forbidden('You cannot remove your own account')
    const role = (context.data as { role?: string } | undefined)?.role
    if (role !== undefined && role !== principal!.role) {
      throw new Forbidden('You cannot change your own role', [{ field: 'role', message: 'may not be changed by yourself' }])
    }
  }
  return next()
}
