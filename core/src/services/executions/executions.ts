import { executionDataSchema, executionPatchSchema, executionQuerySchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { contentPermissions } from '../../rbac/permission-registry.js'
import { registerService } from '../register-service.js'
import { ExecutionsService } from './executions.class.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    executions: ExecutionsService
  }
}

/** `/api/v1/executions`: members run and cancel flows, viewers watch. */
export function executions(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.executions,
      methods: [...serviceMethods.executions],
      schemas: { data: executionDataSchema, patch: executionPatchSchema, query: executionQuerySchema },
      permissions: contentPermissions
    },
    new ExecutionsService(
      {
        Model: app.get('knex'),
        name: 'executions',
        paginate: { default: 25, max: 100 },
        jsonColumns: ['input', 'output']
      },
      app
    ),
    {
      around: {
        all: [
          async (context: { result?: unknown; params: { provider?: string } }, next: () => Promise<void>) => {
            await next()
            hideLease(context.result)
          }
        ]
      }
    }
  )
}

/** Lease bookkeeping is the dispatcher's business, not the client's. */
function hideLease(result: unknown) {
  const rows = Array.isArray(result) ? result : (result as { data?: unknown[] })?.data ?? [result]
  for (const row of rows as Array<Record<string, unknown>>) {
    if (row && typeof row === 'object') {
      delete row.runnerId
      delete row.leaseUntil
    }
  }
}
