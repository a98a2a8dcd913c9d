import { Conflict, NotFound } from '@feathersjs/errors'
import { gdprEraseDataSchema, servicePaths, serviceMethods, type GdprEraseData } from '@troupe/sdk'
import type { Application, TroupeParams } from '../declarations.js'
import { appendAudit } from '../audit/audit-entry.js'
import { revokeUserSessions } from '../auth/sessions.js'
import { registerService } from '../services/register-service.js'
import { isTenantUser } from './gdpr-export.js'

/**
 * `POST /api/v1/gdpr/erase` (admins). `{userId}`: every plugin and the core remove or pseudonymise
 * what they hold about the user, its sessions are revoked and keys deleted, then the account
 * itself is deleted, so it can never log in again. `{scope: 'tenant'}`: the tenant's logs are
 * erased from the log store, its schema is dropped and its users, sessions, keys and routes
 * deleted. Other tenants are untouched.
 */
export class GdprEraseService {
  constructor(private readonly app: Application) {}

  async create(data: GdprEraseData, params: TroupeParams): Promise<{ erased: 'user' | 'tenant'; id: string }> {
    const principal = params.principal!
    const knex = this.app.get('knex')
    if ('scope' in data) {
      this.app.get('logger').warn({ tenantId: principal.tenantId, by: principal.userId }, 'GDPR: erasing a whole tenant')
      const logStore = this.app.get('logStore')
      // First while the erasure can still be retried (the log store may be unreachable), again
      // after the schema is gone, for a batch a still-running execution appended in between.
      await logStore.eraseTenant(principal.tenantId)
      await knex.transaction(async (trx) => {
        await trx.raw('drop schema if exists ?? cascade', [principal.tenantSchema])
        await trx('tenants').withSchema('public').where({ id: principal.tenantId }).delete()
      })
      await logStore.eraseTenant(principal.tenantId)
      return { erased: 'tenant', id: principal.tenantId }
    }

    const { userId } = data
    if (!(await isTenantUser(this.app, principal.tenantId, userId))) throw new NotFound(`No user ${userId}`)
    const admins = await knex('users').withSchema('public').where({ tenantId: principal.tenantId, role: 'admin' }).whereNot({ id: userId }).count({ n: '*' }).first()
    const target = await knex('users').withSchema('public').where({ id: userId }).first('role')
    if (target?.role === 'admin' && Number(admins?.n ?? 0) === 0) {
      throw new Conflict('The last admin of a tenant cannot be erased; erase the tenant instead', [{ field: 'userId', message: 'is the last admin' }])
    }
    for (const handler of this.app.get('personalData')) await handler.erase({ params: params as Record<string, unknown>, userId })
    await revokeUserSessions(this.app.get('models'), userId, 'erased')
    await knex('users').withSchema('public').where({ id: userId, tenantId: principal.tenantId }).delete()
    await appendAudit(knex, principal.tenantSchema, principal, {
      action: 'gdpr.erase',
      service: 'gdpr/erase',
      method: 'create',
      recordId: userId,
      outcome: 'success'
    })
    return { erased: 'user', id: userId }
  }
}

declare module '../declarations.js' {
  interface ServiceTypes {
    'gdpr/erase': GdprEraseService
  }
}

export function gdprErase(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.gdprErase,
      methods: [...serviceMethods['gdpr/erase']],
      schemas: { data: gdprEraseDataSchema },
      permissions: (principal, { allow }) => {
        if (principal.role === 'admin') allow('create')
      }
    },
    new GdprEraseService(app)
  )
}

