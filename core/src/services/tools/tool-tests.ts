import { BadRequest, NotFound } from '@feathersjs/errors'
import { servicePaths, serviceMethods, toolTestDataSchema, type ToolTestData, type ToolTestResult } from '@troupe/sdk'
import type { Application, Principal } from '../../declarations.js'
import { findTool } from '../../tools/find-tool.js'
import { invokeTool } from '../../tools/invoke-tool.js'
import { ToolArgumentsError, ToolCallError } from '../../tools/tool-errors.js'
import { isUuid } from '../../validation/is-uuid.js'
import { validationError } from '../../validation/ajv.js'
import { registerService } from '../register-service.js'

interface TestParams {
  principal?: Principal
  route?: { toolId?: string }
}

/**
 * `POST /api/v1/tools/:id/test`: runs the tool once with `args`. Arguments that do not match its
 * input schema are a 400 naming the field; a tool that fails is `ok: false` with its error.
 */
export class ToolTestsService {
  constructor(private readonly app: Application) {}

  async create(data: ToolTestData, params: TestParams): Promise<ToolTestResult> {
    const toolId = params.route?.toolId ?? ''
    if (!isUuid(toolId)) throw new NotFound(`No tool ${toolId}`)
    const tool = await findTool(this.app, params.principal!, toolId)
    const started = performance.now()
    try {
      const { result, logs } = await invokeTool(this.app, params.principal!, tool, data.args ?? {})
      return { ok: true, result, logs, durationMs: performance.now() - started }
    } catch (error) {
      if (error instanceof ToolArgumentsError) throw validationError(`arguments for tool ${tool.name}`, error.fields)
      if (error instanceof ToolCallError) return { ok: false, error: error.message, logs: error.logs, durationMs: performance.now() - started }
      if (error instanceof BadRequest) throw error
      throw error
    }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'tools/:toolId/test': ToolTestsService
  }
}

export function toolTests(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.toolTests,
      methods: [...serviceMethods['tools/:toolId/test']],
      schemas: { data: toolTestDataSchema },
      permissions: (principal, { allow }) => {
        if (principal.role !== 'viewer') allow('create')
      }
    },
    new ToolTestsService(app)
  )
}
