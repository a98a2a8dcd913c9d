import { referenceAnnotation, type NodeType } from '@troupe/sdk/plugin'

export interface ToolCallParams {
  toolId: string
  args?: Record<string, unknown>
}

/** The tool's arguments are checked against its input schema by the host before it runs. */
export const toolCallNode: NodeType<ToolCallParams> = {
  type: 'tool.call',
  displayName: 'Call a tool',
  description: "Runs one of the tenant's tools (code, HTTP or MCP) with the given arguments and outputs its result.",
  category: 'Tools',
  params: {
    type: 'object',
    properties: {
      toolId: { type: 'string', minLength: 1, maxLength: 100, title: 'Tool', description: 'The id (or name) of the tool to run', [referenceAnnotation]: 'tools' },
      args: {
        type: 'object',
        title: 'Arguments',
        description: 'Arguments for the tool; values may be templates such as {{ input.city }}',
        additionalProperties: true
      }
    },
    required: ['toolId'],
    additionalProperties: false
  },
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  async execute({ params, services, signal, logger }) {
    const { result, logs, durationMs } = await services.tools.call(params.toolId, params.args ?? {}, { signal })
    for (const line of logs) logger.info(line)
    logger.debug('tool answered', { toolId: params.toolId, durationMs: Math.round(durationMs) })
    return { output: result }
  }
}
