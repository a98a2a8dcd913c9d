import { BadRequest, NotFound } from '@feathersjs/errors'
import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../declarations.js'
import { dataChecker, queryChecker } from '../validation/ajv.js'
import { isUuid } from '../validation/is-uuid.js'

/** Deeper than this, no real document goes; the stack of the JSON code does. */
const maxDepth = 200

/** Iterative, so a hostile document cannot overflow the stack while being measured. */
function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (current === null || typeof current !== 'object') continue
    if (depth >= limit) return true
    for (const child of Object.values(current as object)) stack.push([child, depth + 1])
  }
  return false
}

/**
 * External calls must match the service's declared schemas: ids are UUIDs (anything else is
 * simply not found), queries only use whitelisted fields and operators, and data only the
 * fields a client may write.
 */
export async function validateRequest(context: HookContext, next: NextFunction) {
  const descriptor = context.app.get('serviceDescriptors').get(context.path)
  if (context.params.provider && exceedsDepth(context.data, maxDepth)) {
    throw new BadRequest(`The data is nested more than ${maxDepth} levels deep`, [{ field: '', message: `is nested more than ${maxDepth} levels deep` }])
  }
  if (!context.params.provider || !descriptor?.schemas) return next()
  const { id, method } = context
  const checkId = descriptor.ids !== 'name' && id !== undefined && id !== null
  if (checkId && !isUuid(String(id))) throw new NotFound(`No record found for id '${id}'`)
  const { query, data, patch } = descriptor.schemas
  if (query) {
    const copy = { ...(context.params.query ?? {}) }
    queryChecker(query)(copy)
    context.params.query = copy
  }
  if ((method === 'create' || method === 'update') && data) dataChecker(data)(context.data)
  if (method === 'patch' && patch) dataChecker(patch)(context.data)
  return next()
}
