import { authenticate } from '@feathersjs/authentication'
import type { NextFunction } from '@feathersjs/feathers'
import { requestStrategies } from '../auth/authentication.js'
import type { HookContext } from '../declarations.js'

const authenticateCall = authenticate(...(requestStrategies as [string, ...string[]]))

/** Every external call is authenticated unless its service declares the method public. */
export async function authenticateRequest(context: HookContext, next: NextFunction) {
  const descriptor = context.app.get('serviceDescriptors').get(context.path)
  if (descriptor?.publicMethods?.includes(context.method)) return next()
  if (!context.params.provider) return next()
  return authenticateCall(context as never, next)
}
