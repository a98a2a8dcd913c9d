import { auditLogQuerySchema, auditLogSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { TenantSchemaService } from '../tenant-schema-service.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'audit-logs': TenantSchemaService
  }
}

/**
 * `/api/v1/audit-logs`: admins read their tenant's trail (`?actorUserId=`, `?service=`,
 * `?at[$gte]=`); nothing writes it through the API, so it stays append-only.
 */
export function auditLogs(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.auditLogs,
      methods: [...serviceMethods['audit-logs']],
      schemas: { query: auditLogQuerySchema, result: auditLogSchema },
      permissions: (principal, { allow }) => {
        if (principal.role === 'admin') allow('read')
      }
    },
    new TenantSchemaService({ Model: app.get('knex'), name: 'audit_logs', paginate: { default: 50, max: 200 } })
  )
}
