import type { ToolClient } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'
import { findTool } from './find-tool.js'
import { invokeTool } from './invoke-tool.js'

/** The tenant's tools as nodes and agents see them: described by id or name, called through `invokeTool`. */
export function createToolClient(app: Application, principal: Principal): ToolClient {
  return {
    async describe(idOrName) {
      const { id, name, description, inputSchema } = await findTool(app, principal, idOrName)
      return { id, name, description, inputSchema }
    },
    async call(idOrName, args, options = {}) {
      return invokeTool(app, principal, await findTool(app, principal, idOrName), args, options)
    }
  }
}
