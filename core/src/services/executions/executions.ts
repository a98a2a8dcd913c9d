import { executionPatchSchema, executionSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { contentPermissions } from '../../rbac/permission-registry.js'
import { registerService } from '../register-service.js'
import { ExecutionsService } from './executions.class.js'
import { publicExecution } from '../../executor/public-execution.js'
import { executionSchemasFor } from './execution-entries.js'
import { entryFields } from '../../executor/execution-entry-fields.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    executions: ExecutionsService
  }
}

/** `/api/v1/executions`: members run and cancel flows, viewers watch. */
export function executions(app: Application) {
  // Plugins' entries (`{crewId}`) are loaded before the services are registered.
  const fields = entryFields(app.get('plugins'))
  const schemas = executionSchemasFor(fields)
  registerService(
    app,
    {
      path: servicePaths.executions,
      methods: [...serviceMethods.executions],
      schemas: { data: schemas.data, patch: executionPatchSchema, query: schemas.query, result: executionSchema },
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
            hideLease(context, fields)
          }
        ]
      }
    }
  )
}

function hideLease(context: { result?: unknown }, fields: readonly string[]) {
  const { result } = context
  const page = result as { data?: Array<Record<string, unknown>> }
  const visible = (row: Record<string, unknown>) => publicExecution(row, fields)
  if (Array.isArray(result)) context.result = result.map(visible)
  else if (Array.isArray(page?.data)) context.result = { ...page, data: page.data.map(visible) }
  else if (result && typeof result === 'object') context.result = visible(result as Record<string, unknown>)
}
