import { NotFound } from '@feathersjs/errors'
import { servicePaths, serviceMethods, tenantPatchSchema, type Tenant, type TenantPatch } from '@troupe/sdk'
import type { Application, TroupeParams } from '../../declarations.js'
import { registerService } from '../register-service.js'

const columns = ['id', 'name', 'monthlyLlmBudgetUsd', 'maxConcurrentExecutions', 'createdAt']

/** Numeric columns arrive as text from Postgres. */
function toTenant(row: Record<string, unknown>): Tenant {
  const budget = row.monthlyLlmBudgetUsd
  return { ...(row as Tenant), monthlyLlmBudgetUsd: budget === null || budget === undefined ? null : Number(budget) }
}

/** `/api/v1/tenants/:id`: the caller's own tenant (any other id is not found); admins set its name and quotas. */
export class TenantsService {
  constructor(private readonly app: Application) {}

  private own(id: string, params: TroupeParams) {
    if (id !== params.principal?.tenantId) throw new NotFound(`No tenant ${id}`)
    return this.app.get('knex')('tenants').withSchema('public').where({ id })
  }

  async get(id: string, params: TroupeParams): Promise<Tenant> {
    return toTenant(await this.own(id, params).first(columns))
  }

  async patch(id: string, data: TenantPatch, params: TroupeParams): Promise<Tenant> {
    if (Object.keys(data ?? {}).length === 0) return this.get(id, params)
    const [row] = await this.own(id, params).update(data).returning(columns)
    return toTenant(row)
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
      schemas: { patch: tenantPatchSchema },
      permissions: (principal, { allow }) => {
        allow('read')
        if (principal.role === 'admin') allow('update')
      }
    },
    new TenantsService(app)
  )
}
