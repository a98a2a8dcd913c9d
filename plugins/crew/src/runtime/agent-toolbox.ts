import type { ToolCall, ToolClient, ToolDescription, ToolSpec } from '@troupe/sdk/plugin'
import { compileSchema, schemaProblems } from './json-schema.js'
import type { AgentDefinition, LocalTool } from './types.js'

/** What came of one tool call: the text the model reads, plus the result or the error for events. */
export interface ToolObservation {
  content: string
  result?: unknown
  error?: string
}

/** The tools offered to one agent for one task, and the one way to call them. */
export interface Toolbox {
  specs: ToolSpec[]
  /**
   * Never throws for a bad call (arguments that are not JSON or do not fit the tool's schema, a
   * failing or unknown tool): it becomes the observation. An abort or a host failure does throw.
   */
  call(call: ToolCall, signal: AbortSignal): Promise<ToolObservation>
}

// A tool that answers a whole web page should not flood the model's context window.
const maxObservationChars = 16_000

/**
 * Describes the agent's tenant tools (a tool that cannot be described fails the task before any
 * LLM call: it is a configuration error) and puts them beside the in-process tools, which win a
 * name clash because the runtime relies on them.
 */
export async function createToolbox(agent: AgentDefinition, localTools: LocalTool[], tools: ToolClient, signal: AbortSignal): Promise<Toolbox> {
  const described = await Promise.all(agent.toolIds.map((id) => describeTool(agent, id, tools, signal)))
  const local = new Map(localTools.map((tool) => [tool.spec.name, tool]))
  const tenant = new Map(described.filter((tool) => !local.has(tool.name)).map((tool) => [tool.name, tool]))
  const specs = [
    ...[...tenant.values()].map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.inputSchema })),
    ...localTools.map((tool) => tool.spec)
  ]
  return {
    specs,
    async call(call, callSignal) {
      const localTool = local.get(call.name)
      const tenantTool = tenant.get(call.name)
      if ((localTool || tenantTool) && call.argumentsError !== undefined) {
        return failure(`the arguments for tool ${call.name} are not valid JSON: ${call.argumentsError}. Call the tool again with corrected arguments.`)
      }
      try {
        if (localTool) return await callLocalTool(localTool, call)
        if (tenantTool) return success((await tools.call(tenantTool.id, call.arguments, { signal: callSignal })).result)
      } catch (error) {
        if (callSignal.aborted || !isToolError(error)) throw error
        // In-process tools word their errors for the model; tenant tools' errors need framing.
        return failure(localTool ? error.message : describeToolError(call.name, error))
      }
      return failure(`there is no tool named "${call.name}". The tools you can call are: ${specs.map((spec) => spec.name).join(', ') || 'none'}.`)
    }
  }
}

async function describeTool(agent: AgentDefinition, id: string, tools: ToolClient, signal: AbortSignal): Promise<ToolDescription> {
  try {
    return await tools.describe(id)
  } catch (error) {
    if (signal.aborted) throw error
    throw new Error(`Agent ${agent.name} cannot use tool ${id}: ${(error as Error).message}`)
  }
}

async function callLocalTool(tool: LocalTool, call: ToolCall): Promise<ToolObservation> {
  const problems = schemaProblems(compileSchema(tool.spec.parameters), call.arguments, 'args')
  if (problems.length > 0) return failure(invalidArguments(call.name, problems))
  return success(await tool.run(call.arguments))
}

function isToolError(error: unknown): error is Error & { fields?: Array<{ field: string; message: string }> } {
  return error instanceof Error && (error.name === 'ToolArgumentsError' || error.name === 'ToolCallError')
}

function describeToolError(toolName: string, error: Error & { fields?: Array<{ field: string; message: string }> }): string {
  if (error.name === 'ToolArgumentsError' && Array.isArray(error.fields) && error.fields.length > 0) {
    return invalidArguments(toolName, error.fields.map(({ field, message }) => (field ? `${field} ${message}` : message)))
  }
  return error.name === 'ToolArgumentsError' ? `${error.message}. Call the tool again with corrected arguments.` : `tool ${toolName} failed: ${error.message}`
}

function invalidArguments(toolName: string, problems: string[]): string {
  return `invalid arguments for tool ${toolName}: ${problems.join('; ')}. Call the tool again with corrected arguments.`
}

function success(result: unknown): ToolObservation {
  const text = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null')
  const content = text.length > maxObservationChars ? `${text.slice(0, maxObservationChars)}\n[truncated: the result had ${text.length} characters]` : text
  return { content, result }
}

function failure(message: string): ToolObservation {
  return { content: `Error: ${message}`, error: message }
}
