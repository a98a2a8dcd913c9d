import type { ToolClient } from '@troupe/sdk/plugin'
import { Ajv, type ErrorObject } from 'ajv'

export interface FakeTool {
  name: string
  description?: string
  inputSchema: Record<string, unknown>
  run(args: Record<string, unknown>, signal?: AbortSignal): unknown
}

export interface RecordingToolClient extends ToolClient {
  calls: Array<{ idOrName: string; args: Record<string, unknown>; signal?: AbortSignal }>
}

const ajv = new Ajv({ allErrors: true, strict: false })

// The host's errors are matched by name, so the double throws errors of the same names and shapes.
function toolArgumentsError(toolName: string, fields: Array<{ field: string; message: string }>): Error {
  const summary = fields.map((error) => `${error.field} ${error.message}`).join('; ')
  return Object.assign(new Error(`Invalid arguments for tool ${toolName}: ${summary}`), { name: 'ToolArgumentsError', fields })
}

function toolCallError(message: string): Error {
  return Object.assign(new Error(message), { name: 'ToolCallError', logs: [] })
}

function fieldOf(error: ErrorObject): { field: string; message: string } {
  const path = ['args', ...error.instancePath.split('/').slice(1)]
  const params = error.params as { missingProperty?: string; additionalProperty?: string }
  if (error.keyword === 'required') return { field: [...path, params.missingProperty].join('.'), message: 'is required' }
  if (error.keyword === 'additionalProperties') return { field: [...path, params.additionalProperty].join('.'), message: 'is not allowed' }
  return { field: path.join('.'), message: error.message ?? 'is invalid' }
}

/**
 * The edge of the runtime's unit: a ToolClient that behaves like the host's (tools by id
 * `tool-<name>` or by name, arguments checked against the input schema, failures wrapped in a
 * `ToolCallError`, an abort passed through) and records every call.
 */
export function inMemoryTools(tools: FakeTool[]): RecordingToolClient {
  const find = (idOrName: string) => {
    const tool = tools.find((candidate) => `tool-${candidate.name}` === idOrName || candidate.name === idOrName)
    if (!tool) throw Object.assign(new Error(`No tool ${idOrName}`), { name: 'NotFound' })
    return tool
  }
  const calls: RecordingToolClient['calls'] = []
  return {
    calls,
    async describe(idOrName) {
      const tool = find(idOrName)
      return { id: `tool-${tool.name}`, name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema }
    },
    async call(idOrName, args, options = {}) {
      calls.push({ idOrName, args, signal: options.signal })
      const tool = find(idOrName)
      const validate = ajv.compile(tool.inputSchema)
      if (!validate(args)) throw toolArgumentsError(tool.name, (validate.errors ?? []).map(fieldOf))
      try {
        return { result: await tool.run(args, options.signal), logs: [], durationMs: 1 }
      } catch (error) {
        if (options.signal?.aborted) throw error
        throw toolCallError((error as Error).message)
      }
    }
  }
}
