import type { NextFunction } from '@feathersjs/feathers'
import type { HookContext } from '../declarations.js'
import { appendAudit } from './audit-entry.js'
import { actionOf, detailsOf, recordIdOf } from './describe-call.js'

const writes = new Set(['create', 'update', 'patch', 'remove'])
/** Calls that are not changes worth a trail entry, or that write their own (authentication). */
const skipped = new Set(['authentication', 'execution-subscriptions', 'audit-logs', 'signup', 'gdpr/export', 'gdpr/erase', 'node-type-previews'])

/**
 * Every change a client makes (REST, Socket.IO, MCP) lands in its tenant's audit log with who,
 * when, what, from where and how it ended, including refused attempts. Runs outermost, so it sees
 * the outcome the client sees. Values are never recorded, only field names.
 */
export async function auditTrail(context: HookContext, next: NextFunction) {
  const { params, path, method } = context
  const audited = Boolean(params.provider) && writes.has(method) && !skipped.has(path)
  if (!audited) return next()
  // Described as the client sent it, before hooks move secrets out and add bookkeeping fields.
  const action = actionOf(path, method, context.data)
  const details = detailsOf(context, context.data)
  let failure: Error | undefined
  try {
    await next()
  } catch (error) {
    failure = error as Error
    throw error
  } finally {
    // Authentication replaces `context.params`: the principal is on the new object.
    const principal = context.params.principal
    if (principal?.tenantSchema) {
      await appendAudit(context.app.get('knex'), principal.tenantSchema, principal, {
        action,
        service: path,
        method,
        recordId: recordIdOf(context),
        ip: context.params.ip,
        outcome: failure ? 'failure' : 'success',
        error: failure?.message,
        details
      }).catch((error) => context.app.get('logger').error({ err: error, service: path }, 'audit entry could not be written'))
    }
  }
}
