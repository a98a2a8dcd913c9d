import { Forbidden, NotFound } from '@feathersjs/errors'
import { gdprExportDataSchema, servicePaths, serviceMethods, type GdprExport, type GdprExportData } from '@troupe/sdk'
import type { Application, TroupeParams } from '../declarations.js'
import { appendAudit } from '../audit/audit-entry.js'
import { registerService } from '../services/register-service.js'

/** Is `userId` a user of the caller's tenant? */
export async function isTenantUser(app: Application, tenantId: string, userId: string): Promise<boolean> {
  return Boolean(await app.get('knex')('users').withSchema('public').where({ id: userId, tenantId }).first('id'))
}

/**
 * `POST /api/v1/gdpr/export`: one JSON bundle of everything Troupe holds about a user (anyone
 * about themselves, admins about any user of their tenant) or about the whole tenant (admins),
 * gathered from the core and every plugin that keeps personal data; never secrets.
 */
export class GdprExportService {
  constructor(private readonly app: Application) {}

  async create(data: GdprExportData, params: TroupeParams): Promise<GdprExport> {
    const principal = params.principal!
    const userId = data.scope === 'user' ? (data.userId ?? principal.userId) : undefined
    if (principal.role !== 'admin' && (data.scope === 'tenant' || userId !== principal.userId)) {
      throw new Forbidden('Only admins may export the data of others or of the whole tenant')
    }
    if (userId && !(await isTenantUser(this.app, principal.tenantId, userId))) throw new NotFound(`No user ${userId}`)
    const sections: Record<string, unknown> = {}
    for (const handler of this.app.get('personalData')) {
      const section = await handler.export({ params: params as Record<string, unknown>, userId })
      if (section !== undefined) sections[handler.name] = section
    }
    await appendAudit(this.app.get('knex'), principal.tenantSchema, principal, {
      action: 'gdpr.export',
      service: 'gdpr/export',
      method: 'create',
      recordId: userId ?? principal.tenantId,
      ip: params.ip,
      outcome: 'success',
      details: { scope: data.scope }
    })
    return { exportedAt: new Date().toISOString(), scope: data.scope, tenantId: principal.tenantId, ...(userId ? { userId } : {}), data: sections }
  }
}

declare module '../declarations.js' {
  interface ServiceTypes {
    'gdpr/export': GdprExportService
  }
}

export function gdprExport(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.gdprExport,
      methods: [...serviceMethods['gdpr/export']],
      schemas: { data: gdprExportDataSchema },
      // Who may export what is decided by the service from the request itself.
      permissions: (_principal, { allow }) => allow('create')
    },
    new GdprExportService(app)
  )
}
