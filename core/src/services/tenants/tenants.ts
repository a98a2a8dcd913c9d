import { NotFound } from '@feathersjs/errors'
import { servicePaths, serviceMethods, tenantPatchSchema, tenantSchema, type Tenant, type TenantPatch } from '@troupe/sdk'
import type { Application, TroupeParams } from '../../declarations.js'
import { tenantSchemaName } from '../../db/tenant-schema.js'
import { checkLimitOverrides, effectiveLimits, tenantLimitColumns, type TenantLimitRow } from '../../limits/tenant-limits.js'
import { registerService } from '../register-service.js'

const columns = ['id', 'name', 'monthlyLlmBudgetUsd', ...tenantLimitColumns, 'createdAt']

/** `/api/v1/tenants/:id`: the caller's own tenant (any other id is not found); admins set its name and quotas. */
export class TenantsService {
  constructor(private readonly app: Application) {}

  private own(id: string, params: TroupeParams) {
    if (id !== params.principal?.tenantId) throw new NotFound(`No tenant ${id}`)
    return this.app.get('knex')('tenants').withSchema('public').where({ id })
  }

  /** Numeric columns arrive as text from Postgres; the answer adds the limits in force and the stored bytes. */
  private async answer(row: Record<string, unknown>): Promise<Tenant> {
    const number = (value: unknown) => (value === null || value === undefined ? null : Number(value))
    const limits = effectiveLimits(row as TenantLimitRow, this.app.get('config'))
    const tenantId = row.id as string
    const storedBytes = await this.app.get('storageMeter').storedBytes({ tenantId, tenantSchema: tenantSchemaName(tenantId) }, limits.maxStoredBytes)
    return {
      ...(row as Tenant),
      monthlyLlmBudgetUsd: number(row.monthlyLlmBudgetUsd),
      maxStoredBytes: number(row.maxStoredBytes),
      storedBytes,
      limits
    }
  }

  async get(id: string, params: TroupeParams): Promise<Tenant> {
    return this.answer(await this.own(id, params).first(columns))
  }

  async patch(id: string, data: TenantPatch, params: TroupeParams): Promise<Tenant> {
    if (Object.keys(data ?? {}).length === 0) return this.get(id, params)
    checkLimitOverrides(data, this.app.get('config'))
    const [row] = await this.own(id, params).update(data).returning(columns)
    return this.answer(row)
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    tenants: TenantsService
  }
}

export function tenants(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.tenants,
      methods: [...serviceMethods.tenants],
      schemas: { patch: tenantPatchSchema, result: tenantSchema },
      permissions: (principal, { allow }) => {
        allow('read')
        if (principal.role === 'admin') allow('update')
      }
    },
    new TenantsService(app)
  )
  // Limits are cached per tenant for the hot paths (webhooks, new executions): a change applies at once.
  app.service('tenants').on('patched', (tenant: Pick<Tenant, 'id'>) => {
    app.get('tenantLimits').forget(tenant.id)
    app.get('storageMeter').forget(tenant.id)
  })
}
