import { NotFound } from '@feathersjs/errors'
import { nodeTypeInfoSchema, nodeTypeQuerySchema, servicePaths, serviceMethods, type NodeTypeInfo, type Paginated } from '@troupe/sdk'
import type { NodeType } from '@troupe/sdk/plugin'
import type { Application } from '../../declarations.js'
import type { PluginRegistry } from '../../plugins/plugin-registry.js'
import { registerService } from '../register-service.js'

function describeNodeType(nodeType: NodeType<never>, plugin: string, versions: number[]): NodeTypeInfo {
  return {
    type: nodeType.type,
    version: nodeType.version ?? 1,
    versions,
    displayName: nodeType.displayName,
    description: nodeType.description,
    category: nodeType.category,
    params: nodeType.params,
    inputs: nodeType.inputs,
    outputs: nodeType.outputs,
    trigger: nodeType.trigger === true,
    preview: typeof nodeType.preview === 'function',
    plugin
  }
}

/** Read-only catalogue of node types: the editor's palette and forms, MCP's tool schemas. */
export class NodeTypesService {
  constructor(private readonly registry: PluginRegistry) {}

  async find(params: { query?: { category?: string; plugin?: string } } = {}): Promise<Paginated<NodeTypeInfo>> {
    const { category, plugin } = params.query ?? {}
    const data = [...this.registry.nodeTypes.values()]
      .filter((entry) => (!category || entry.nodeType.category === category) && (!plugin || entry.plugin === plugin))
      .map((entry) => describeNodeType(entry.nodeType, entry.plugin, this.registry.versionsOf(entry.nodeType.type)))
      .sort((a, b) => a.type.localeCompare(b.type))
    return { total: data.length, limit: data.length, skip: 0, data }
  }

  async get(type: string): Promise<NodeTypeInfo> {
    const entry = this.registry.nodeTypes.get(type)
    if (!entry) throw new NotFound(`No node type "${type}" is loaded`)
    return describeNodeType(entry.nodeType, entry.plugin, this.registry.versionsOf(type))
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'node-types': NodeTypesService
  }
}

/** `/api/v1/node-types`: readable by every role. */
export function nodeTypes(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.nodeTypes,
      ids: 'name',
      methods: [...serviceMethods['node-types']],
      schemas: { query: nodeTypeQuerySchema, result: nodeTypeInfoSchema },
      permissions: (_principal, { allow }) => allow('read')
    },
    new NodeTypesService(app.get('plugins'))
  )
}
