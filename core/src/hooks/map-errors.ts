import { Conflict, BadRequest, FeathersError, GeneralError } from '@feathersjs/errors'
import { ERROR } from '@feathersjs/knex'
import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../declarations.js'
import { budgetHttpError } from '../tenant-logic/budget-http-error.js'
import { LogicBudgetError } from '../tenant-logic/logic-pool.js'
import { emailUnavailable } from '../services/users/email-availability.js'

interface PgError {
  code?: string
  detail?: string
  column?: string
  constraint?: string
}

function fieldFromDetail(detail = ''): string {
  return /^Key \(([^)]+)\)/.exec(detail)?.[1] ?? ''
}

/** Database errors that are the caller's fault, as 4xx errors that name the field. */
export function fromDatabaseError(error: PgError): FeathersError | undefined {
  switch (error.code) {
    case '23505': {
      // Whose address it is, and in which tenant, is nobody's business: the same neutral answer as the check before.
      if (error.constraint === 'users_email_unique') return emailUnavailable()
      const field = fieldFromDetail(error.detail)
      return new Conflict(`${field || 'record'} already exists`, [{ field, message: 'already exists' }])
    }
    case '23503':
      return new BadRequest('A referenced record does not exist', [
        { field: fieldFromDetail(error.detail), message: 'does not exist' }
      ])
    case '23502':
      return new BadRequest(`${error.column} is required`, [{ field: error.column ?? '', message: 'is required' }])
    case '22001':
      return new BadRequest('A value is too long')
    case '22021':
    case '22P05':
      return new BadRequest('A value contains a character that cannot be stored (such as NUL, \\u0000)')
    case '22P02':
    case '22007':
    case '22008':
      return new BadRequest('A value has the wrong format')
    default:
      return undefined
  }
}

/**
 * The one error-mapping layer of every service call: caller mistakes become 4xx Feathers errors,
 * anything else is logged and answered as a 500 that reveals nothing of the internals.
 */
export async function mapErrors(context: HookContext, next: NextFunction) {
  try {
    await next()
  } catch (error) {
    // The knex adapter keeps the driver error under a symbol, objection under `nativeError`.
    const original =
      (error as Record<symbol, PgError>)[ERROR] ?? (error as { nativeError?: PgError }).nativeError ?? (error as PgError)
    const mapped = fromDatabaseError(original)
    if (mapped) throw mapped
    if (error instanceof LogicBudgetError) throw budgetHttpError(error)
    // Our own deliberate errors pass; a 500 or anything raised by the database may carry internals.
    const fromDatabase = (error as Record<symbol, unknown>)[ERROR] !== undefined
    if (error instanceof FeathersError && error.code !== 500 && !fromDatabase) throw error
    context.app.get('logger').error(
      { err: error, service: context.path, method: context.method },
      'service call failed'
    )
    throw new GeneralError('Internal server error')
  }
}
