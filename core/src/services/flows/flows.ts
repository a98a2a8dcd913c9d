import { hooks as schemaHooks } from '@feathersjs/schema'
import { flowDataSchema, flowPatchSchema, flowQuerySchema, flowSchema, servicePaths, serviceMethods } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { contentPermissions } from '../../rbac/permission-registry.js'
import { registerService } from '../register-service.js'
import { FlowsService } from './flows.class.js'
import { flowDataResolver, flowPatchResolver } from './flows.resolvers.js'
import { recordFlowVersion, removeFlowEntryPoints, validateFlowGraph } from './flow-graph-hooks.js'
import { checkErrorFlow, forgetErrorFlow } from './error-flow-reference.js'
import { checkNotesAndPins } from './notes-and-pins.js'
import { transaction } from '@feathersjs/knex'

declare module '../../declarations.js' {
  interface ServiceTypes {
    flows: FlowsService
  }
}

/** `/api/v1/flows`: the tenant's flow definitions; every save is checked as a graph and kept as a version. */
export function flows(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.flows,
      methods: [...serviceMethods.flows],
      schemas: { data: flowDataSchema, patch: flowPatchSchema, query: flowQuerySchema, result: flowSchema },
      permissions: contentPermissions
    },
    new FlowsService({
      Model: app.get('knex'),
      name: 'flows',
      paginate: { default: 25, max: 100 },
      jsonColumns: ['nodes', 'edges', 'notes', 'pinnedOutputs']
    }),
    {
      before: {
        create: [checkErrorFlow, validateFlowGraph, checkNotesAndPins, schemaHooks.resolveData(flowDataResolver), transaction.start()],
        update: [checkErrorFlow, validateFlowGraph, checkNotesAndPins, schemaHooks.resolveData(flowPatchResolver), transaction.start()],
        patch: [checkErrorFlow, validateFlowGraph, checkNotesAndPins, schemaHooks.resolveData(flowPatchResolver), transaction.start()],
        remove: [transaction.start()]
      },
      after: {
        create: [recordFlowVersion, transaction.end()],
        update: [recordFlowVersion, transaction.end()],
        patch: [recordFlowVersion, transaction.end()],
        remove: [removeFlowEntryPoints, forgetErrorFlow, transaction.end()]
      },
      error: { all: [transaction.rollback()] }
    }
  )
  // A removed flow's versions are gone: the runner's compiled copies of them go too.
  app.service('flows').on('removed', (flow: { id: string }) => app.get('dispatcher').forgetFlow(flow.id))
  // Saved here: this instance's plugin triggers follow at once (the others on their next sync).
  for (const event of ['created', 'updated', 'patched', 'removed']) app.service('flows').on(event, () => void app.get('triggerHost').sync())
}
