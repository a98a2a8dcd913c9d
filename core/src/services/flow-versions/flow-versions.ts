import { flowVersionQuerySchema, flowVersionSchema, servicePaths, serviceMethods, type FlowVersion } from '@troupe/sdk'
import type { Application, HookContext } from '../../declarations.js'
import { registerService } from '../register-service.js'
import { TenantSchemaService } from '../tenant-schema-service.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    'flow-versions': TenantSchemaService<FlowVersion>
  }
}

/** Newest first unless the caller sorts: the versions of a flow read as its history. */
function newestFirst(context: HookContext) {
  const query = context.params.query ?? {}
  if (!query.$sort) context.params.query = { ...query, $sort: { version: -1 } }
}

/**
 * `/api/v1/flow-versions`: the saved versions of the tenant's flows, read-only (the flows service
 * writes one on every save). Whoever may read flows may read their versions, so the execution
 * detail can draw the graph an execution ran: `?flowId=<id>&version=<flowVersion>`.
 */
export function flowVersions(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.flowVersions,
      methods: [...serviceMethods['flow-versions']],
      schemas: { query: flowVersionQuerySchema, result: flowVersionSchema },
      permissions: (_principal, { allow }) => allow('read')
    },
    new TenantSchemaService<FlowVersion>({ Model: app.get('knex'), name: 'flow_versions', id: 'version', paginate: { default: 10, max: 100 } }),
    { before: { find: [newestFirst] } }
  )
}
