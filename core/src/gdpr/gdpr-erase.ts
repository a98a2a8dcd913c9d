import { Conflict, NotFound } from '@feathersjs/errors'
import { gdprEraseDataSchema, servicePaths, serviceMethods, type GdprEraseData } from '@troupe/sdk'
import type { Application, Principal, TroupeParams } from '../declarations.js'
import { appendAudit } from '../audit/audit-entry.js'
import { revokeUserSessions } from '../auth/sessions.js'
import { registerService } from '../services/register-service.js'
import { isTenantUser } from './gdpr-export.js'
import { stopRuns } from './stop-runs.js'

/**
 * `POST /api/v1/gdpr/erase` (admins). `{userId}`: the user is locked out first (sessions revoked,
 * API keys deleted) and its runs stopped and fenced (`stopRuns`), so nothing it started can write
 * its data back; then every plugin and the core remove or pseudonymise what they hold about it,
 * and the account itself is deleted, so it can never log in again. `{scope: 'tenant'}`: the
 * tenant's runs are stopped, its logs erased from the log store, its schema dropped and its
 * users, sessions, keys and routes deleted. Other tenants are untouched. Every step can be
 * repeated: an erasure that failed half-way is finished by asking again.
 */
export class GdprEraseService {
  constructor(private readonly app: Application) {}

  async create(data: GdprEraseData, params: TroupeParams): Promise<{ erased: 'user' | 'tenant'; id: string }> {
    const principal = params.principal!
    if ('scope' in data) return this.eraseTenant(principal)

    const knex = this.app.get('knex')
    const { userId } = data
    if (!(await isTenantUser(this.app, principal.tenantId, userId))) throw new NotFound(`No user ${userId}`)
    const admins = await knex('users').withSchema('public').where({ tenantId: principal.tenantId, role: 'admin' }).whereNot({ id: userId }).count({ n: '*' }).first()
    const target = await knex('users').withSchema('public').where({ id: userId }).first('role')
    if (target?.role === 'admin' && Number(admins?.n ?? 0) === 0) {
      throw new Conflict('The last admin of a tenant cannot be erased; erase the tenant instead', [{ field: 'userId', message: 'is the last admin' }])
    }
    await revokeUserSessions(this.app.get('models'), userId, 'erased')
    await knex('apiKeys').withSchema('public').where({ tenantId: principal.tenantId, userId }).delete()
    const runs = (await knex('executions').withSchema(principal.tenantSchema).where({ startedBy: userId }).pluck('id')) as string[]
    await stopRuns(this.app, principal, userId)
    // Latest registered first: a plugin's data derives from the core's records (a crew memory from
    // a run) and finds them through those records, so it goes before the core forgets who they were of.
    for (const handler of [...this.app.get('personalData')].reverse()) await handler.erase({ params: params as Record<string, unknown>, userId })
    // A runner on another instance may have stored a batch just before the fence and hand its
    // events to a separate log store (MongoDB) after the first removal.
    await this.app.get('logStore').executionEvents.removeExecutions(principal.tenantId, runs)
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

  private async eraseTenant(principal: Principal): Promise<{ erased: 'tenant'; id: string }> {
    const knex = this.app.get('knex')
    this.app.get('logger').warn({ tenantId: principal.tenantId, by: principal.userId }, 'GDPR: erasing a whole tenant')
    await stopRuns(this.app, principal)
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

