import { NotFound } from '@feathersjs/errors'
import { pluginInfoSchema, pluginQuerySchema, servicePaths, serviceMethods, type PluginInfo } from '@troupe/sdk'
import type { Paginated } from '@troupe/sdk'
import type { TroupePlugin } from '@troupe/sdk/plugin'
import type { Application } from '../../declarations.js'
import type { PluginRegistry } from '../../plugins/plugin-registry.js'
import { registerService } from '../register-service.js'

function describePlugin(plugin: TroupePlugin): PluginInfo {
  const { nodeTypes = [], llmProviders = [], toolRuntimes = [], logStores = [], triggerTypes = [], toolKinds = [] } = plugin.contributes ?? {}
  return {
    id: plugin.id,
    version: plugin.version,
    apiVersion: plugin.apiVersion,
    ...(plugin.description ? { description: plugin.description } : {}),
    contributes: {
      nodeTypes: nodeTypes.map((nodeType) => nodeType.type),
      llmProviders: llmProviders.map((kind) => kind.kind),
      toolRuntimes: toolRuntimes.map((runtime) => runtime.id),
      logStores: logStores.map((kind) => kind.id),
      triggerTypes: triggerTypes.map((trigger) => trigger.type),
      toolKinds: toolKinds.map((kind) => ({
        kind: kind.kind,
        displayName: kind.displayName,
        ...(kind.description ? { description: kind.description } : {}),
        settingsSchema: kind.settingsSchema,
        holdsSecrets: typeof kind.destination === 'function'
      }))
    }
  }
}

/** Read-only view of the loaded plugins. */
export class PluginsService {
  constructor(private readonly registry: PluginRegistry) {}

  async find(): Promise<Paginated<PluginInfo>> {
    const data = this.registry.plugins.map(describePlugin)
    return { total: data.length, limit: data.length, skip: 0, data }
  }

  async get(id: string): Promise<PluginInfo> {
    const plugin = this.registry.plugins.find((candidate) => candidate.id === id)
    if (!plugin) throw new NotFound(`No plugin "${id}" is loaded`)
    return describePlugin(plugin)
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    plugins: PluginsService
  }
}

/** `/api/v1/plugins`: what is loaded, readable by every role. */
export function plugins(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.plugins,
      ids: 'name',
      methods: [...serviceMethods.plugins],
      schemas: { query: pluginQuerySchema, result: pluginInfoSchema },
      permissions: (_principal, { allow }) => allow('read')
    },
    new PluginsService(app.get('plugins'))
  )
}
