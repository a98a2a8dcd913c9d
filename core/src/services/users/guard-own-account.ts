import { Forbidden } from '@feathersjs/errors'
import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../../declarations.js'

/** Nobody changes their own role or removes their own account through the users service. */
export async function guardOwnAccount(context: HookContext, next: NextFunction) {
  const { principal, provider } = context.params
  if (provider && principal && context.id === principal.userId) {
    if (context.method === 'remove') throw new Forbidden('You cannot remove your own account')
    const role = (context.data as { role?: string } | undefined)?.role
    if (role !== undefined && role !== principal.role) {
      throw new Forbidden('You cannot change your own role', [{ field: 'role', message: 'may not be changed by yourself' }])
    }
  }
  return next()
}
