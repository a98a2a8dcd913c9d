import { executionDataSchema, executionPatchSchema, executionQuerySchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { contentPermissions } from '../../rbac/permission-registry.js'
import { registerService } from '../register-service.js'
import { ExecutionsService } from './executions.class.js'
import { publicExecution } from '../../executor/public-execution.js'

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
        jsonColumns: ['input', 'output', 'graph']
      },
      app
    ),
    {
      around: {
        all: [
          async (context: { result?: unknown; params: { provider?: string } }, next: () => Promise<void>) => {
            await next()
            hideLease(context)
          }
        ]
      }
    }
  )
}

function hideLease(context: { result?: unknown }) {
  const { result } = context
  const page = result as { data?: Array<Record<string, unknown>> }
  if (Array.isArray(result)) context.result = result.map(publicExecution)
  else if (Array.isArray(page?.data)) context.result = { ...page, data: page.data.map(publicExecution) }
  else if (result && typeof result === 'object') context.result = publicExecution(result as Record<string, unknown>)
}
