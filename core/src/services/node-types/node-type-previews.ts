import { BadRequest } from '@feathersjs/errors'
import { nodeTypePreviewDataSchema, servicePaths, serviceMethods, type NodeTypePreview, type NodeTypePreviewData } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { dataProblems, validationError } from '../../validation/ajv.js'
import { registerService } from '../register-service.js'

/**
 * `POST /api/v1/node-type-previews {type, version?, params}`: what a node type says about params
 * for the editor (a schedule's next fire times). Params are checked like at save, against the
 * schema and the type's own `checkParams`; problems are a 400 naming `params.<field>`.
 */
export class NodeTypePreviewsService {
  constructor(private readonly app: Application) {}

  async create(data: NodeTypePreviewData): Promise<NodeTypePreview> {
    const registry = this.app.get('plugins')
    const entry = data.version === undefined ? registry.nodeTypes.get(data.type) : registry.nodeType(data.type, data.version)
    if (!entry) throw new BadRequest(`No loaded plugin provides node type ${data.type}${data.version ? ` version ${data.version}` : ''}`, [{ field: 'type', message: 'is not loaded' }])
    const { nodeType } = entry
    if (!nodeType.preview) throw new BadRequest(`Node type ${data.type} has no preview`, [{ field: 'type', message: 'has no preview' }])
    const problems = dataProblems(nodeType.params, data.params, 'params')
    if (problems.length === 0 && nodeType.checkParams) {
      problems.push(...(await nodeType.checkParams(data.params as never)).map((problem) => ({ field: problem.field ? `params.${problem.field}` : 'params', message: problem.message })))
    }
    if (problems.length > 0) throw validationError('params', problems)
    const preview = await nodeType.preview(data.params as never)
    return { title: String(preview.title), items: preview.items.slice(0, 50).map(String) }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'node-type-previews': NodeTypePreviewsService
  }
}

/** Every role may ask: it reads nothing of the tenant and changes nothing. */
export function nodeTypePreviews(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.nodeTypePreviews,
      methods: [...serviceMethods['node-type-previews']],
      schemas: { data: nodeTypePreviewDataSchema },
      permissions: (_principal, { allow }) => allow('create')
    },
    new NodeTypePreviewsService(app)
  )
}
