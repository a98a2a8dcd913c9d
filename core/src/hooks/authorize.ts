import { Forbidden } from '@feathersjs/errors'
import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../declarations.js'
import { defineAbility, scopeQuery } from '../rbac/define-ability.js'
import type { Action } from '../rbac/permission-registry.js'

const actions: Record<string, Action> = {
  find: 'read',
  get: 'read',
  create: 'create',
  update: 'update',
  patch: 'update',
  remove: 'delete'
}

/**
 * CASL on every external call, and on internal calls that ask for it (`checkPermissions`: a
 * plugin's records call into another's service): deny by default, check the action and each
 * written field, and narrow the query to the records the principal may touch (others are simply
 * not found).
 */
export async function authorize(context: HookContext, next: NextFunction) {
  const { app, path, method, params } = context
  const descriptor = app.get('serviceDescriptors').get(path)
  if (descriptor?.publicMethods?.includes(method) || (!params.provider && !params.checkPermissions)) return next()
  const permissions = app.get('permissions')
  const action = actions[method]
  if (!params.principal || !action || !permissions.has(path)) throw new Forbidden(`You may not ${method} ${path}`)

  const ability = defineAbility(params.principal, permissions)
  params.ability = ability
  if (!ability.can(action, path)) throw new Forbidden(`You may not ${method} ${path}`)

  if (context.data && typeof context.data === 'object' && (method === 'create' || method === 'patch' || method === 'update')) {
    for (const field of Object.keys(context.data as object)) {
      if (!ability.can(action, path, field)) throw new Forbidden(`You may not set ${field} on ${path}`, [{ field, message: 'may not be set' }])
    }
  }

  const scope = scopeQuery(ability, action, path)
  if (scope === false) throw new Forbidden(`You may not ${method} ${path}`)
  if (scope) {
    const query = { ...(params.query ?? {}) }
    query.$and = [...((query.$and as unknown[]) ?? []), scope]
    params.query = query
  }
  return next()
}
