import { hooks as schemaHooks } from '@feathersjs/schema'
import { servicePaths, serviceMethods, toolDataSchema, toolPatchSchema, toolQuerySchema, toolSchema } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { contentPermissions } from '../../rbac/permission-registry.js'
import { registerService } from '../register-service.js'
import { prepareToolData } from './prepare-tool-data.js'
import { ToolsService } from './tools.class.js'
import { toolExternalResolver } from './tools.resolvers.js'

declare module '../../declarations.js' {
  interface ServiceTypes {
    tools: ToolsService
  }
}

/** `/api/v1/tools`: the tenant's tools, code and of the plugins' kinds; members manage them, everyone reads them. */
export function tools(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.tools,
      methods: [...serviceMethods.tools],
      schemas: { data: toolDataSchema, patch: toolPatchSchema, query: toolQuerySchema, result: toolSchema },
      permissions: contentPermissions
    },
    new ToolsService({
      Model: app.get('knex'),
      name: 'tools',
      paginate: { default: 25, max: 100 },
      jsonColumns: ['inputSchema', 'limits', 'allowedHosts', 'settings', 'secretsCiphertext']
    }),
    {
      around: { all: [schemaHooks.resolveExternal(toolExternalResolver)] },
      before: { create: [prepareToolData], patch: [prepareToolData] }
    }
  )
}
