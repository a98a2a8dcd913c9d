import type { Application } from '@feathersjs/feathers'
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { ToolTestResult } from '@troupe/sdk'
import type { ContributionOf, PluginHost, WatchingPrincipal } from '@troupe/sdk/plugin'
import { listExposedTargets, type ExposedTarget } from './exposed-targets.js'
import { runExecutionAsTool } from './run-execution-as-tool.js'

export interface TroupeMcpServerOptions {
  app: Application
  watchExecution: PluginHost['watchExecution']
  version: string
  /** Longest a run may take before it is cancelled. */
  flowTimeoutMs: number
  /** The loaded plugins' records exposed as tools (crews). */
  exposures: ContributionOf<'mcpExposures'>[]
}

type RequestExtra = { authInfo?: { extra?: Record<string, unknown> } }

/** Service params of the caller of one MCP request, as the HTTP handler attached them. */
function callerParams(extra: RequestExtra): Record<string, unknown> {
  const params = extra.authInfo?.extra?.params
  if (!params) throw new Error('MCP request without an authenticated caller')
  return params as Record<string, unknown>
}

/** The caller of one MCP request, as the HTTP handler attached it. */
function callerPrincipal(extra: RequestExtra): WatchingPrincipal {
  const principal = extra.authInfo?.extra?.principal
  if (!principal) throw new Error('MCP request without an authenticated caller')
  return principal as WatchingPrincipal
}

function asContent(value: unknown, isError = false): CallToolResult {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null')
  const structured = typeof value === 'object' && value !== null && !Array.isArray(value) && !isError
  return { content: [{ type: 'text', text }], ...(structured ? { structuredContent: value as Record<string, unknown> } : {}), ...(isError ? { isError } : {}) }
}

/** A 4xx from the services (bad arguments, a viewer calling) is the model's to read, not a protocol failure. */
function describeFailure(error: unknown): CallToolResult {
  const { name, message, data } = error as { name?: string; message?: string; data?: unknown }
  const fields = Array.isArray(data) ? ` (${data.map((entry: { field?: string; message?: string }) => `${entry.field} ${entry.message}`).join('; ')})` : ''
  return asContent(`${name ?? 'Error'}: ${message ?? 'failed'}${fields}`, true)
}

async function callTool(app: Application, target: ExposedTarget, args: Record<string, unknown>, params: Record<string, unknown>): Promise<CallToolResult> {
  const outcome = (await app.service('tools/:toolId/test').create({ args }, { ...params, route: { toolId: target.id } })) as ToolTestResult
  return outcome.ok ? asContent(outcome.result) : asContent(outcome.error ?? 'The tool failed', true)
}

/**
 * One MCP server per session: `tools/list` shows the tenant's exposed tools and flows and the
 * plugins' exposed records (crews), and `tools/call` runs them through the same services, hooks
 * and RBAC as REST (a viewer may list but not call). Runs report progress as their steps complete.
 */
export function createTroupeMcpServer(options: TroupeMcpServerOptions): Server {
  const { app } = options
  const server = new Server({ name: 'troupe', version: options.version }, { capabilities: { tools: { listChanged: false } } })

  server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => {
    const targets = await listExposedTargets(app, callerParams(extra), options.exposures)
    return { tools: targets.map(({ name, description, inputSchema }) => ({ name, description, inputSchema: { ...inputSchema, type: 'object' as const } })) }
  })

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const params = callerParams(extra)
    const targets = await listExposedTargets(app, params, options.exposures)
    const target = targets.find((candidate) => candidate.name === request.params.name)
    if (!target) return asContent(`Unknown tool: ${request.params.name}`, true)
    const args = (request.params.arguments ?? {}) as Record<string, unknown>
    const progressToken = request.params._meta?.progressToken
    try {
      const run = target.run
      if (!run) return await callTool(app, target, args, params)
      const execution = await runExecutionAsTool(app, options.watchExecution, {
        principal: callerPrincipal(extra),
        target: { id: target.id, run },
        input: args,
        params,
        signal: extra.signal,
        timeoutMs: options.flowTimeoutMs,
        onProgress: (progress, message) => {
          if (progressToken === undefined) return
          void extra
            .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: target.steps, message } })
            .catch(() => undefined)
        }
      })
      if (execution.status === 'succeeded') return asContent(run.answer ? run.answer(execution.output) : execution.output)
      if (execution.status === 'waiting') return asContent(`The ${run.label} run is waiting (for an approval or a callback); it goes on once resumed (execution ${execution.id})`)
      return asContent(`The ${run.label} run ${execution.status}${execution.error ? `: ${execution.error}` : ''} (execution ${execution.id})`, true)
    } catch (error) {
      return describeFailure(error)
    }
  })
  return server
}
