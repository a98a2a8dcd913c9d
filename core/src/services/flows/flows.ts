import { hooks as schemaHooks } from '@feathersjs/schema'
import { flowDataSchema, flowPatchSchema, flowQuerySchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { contentPermissions } from '../../rbac/permission-registry.js'
import { registerService } from '../register-service.js'
import { FlowsService } from './flows.class.js'
import { flowDataResolver, flowPatchResolver } from './flows.resolvers.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    flows: FlowsService
  }
}

/** `/api/v1/flows`: the tenant's flow definitions (graph checks and versions come with the executor). */
export function flows(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.flows,
      methods: [...serviceMethods.flows],
      schemas: { data: flowDataSchema, patch: flowPatchSchema, query: flowQuerySchema },
      permissions: contentPermissions
    },
    new FlowsService({
      Model: app.get('knex'),
      name: 'flows',
      paginate: { default: 25, max: 100 },
      jsonColumns: ['nodes', 'edges']
    }),
    {
      before: {
        create: [schemaHooks.resolveData(flowDataResolver)],
        update: [schemaHooks.resolveData(flowPatchResolver)],
        patch: [schemaHooks.resolveData(flowPatchResolver)]
      }
    }
  )
}
