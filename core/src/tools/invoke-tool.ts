import type { ToolCallOutcome } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'
import { checkToolArgs } from './check-tool-args.js'
import { defaultToolRuntime, runCodeTool } from './run-code-tool.js'
import { runHttpTool } from './run-http-tool.js'
import { runMcpTool } from './run-mcp-tool.js'
import type { StoredTool } from './stored-tool.js'
import { inSpan } from '../observability/tracing.js'
import { openToolSecrets, redactSecrets } from './tool-secrets.js'

/** Whatever a tool gives back is scrubbed of its own secrets before anyone sees it. */
function scrub(outcome: ToolCallOutcome, secrets: Record<string, string>): ToolCallOutcome {
  if (Object.keys(secrets).length === 0) return outcome
  const result = outcome.result === undefined ? undefined : JSON.parse(redactSecrets(JSON.stringify(outcome.result), secrets))
  return { ...outcome, result, logs: outcome.logs.map((line) => redactSecrets(line, secrets)) }
}

/**
 * The one way a tool runs, whoever asks (the test endpoint, the `tool.call` node, agents, MCP
 * clients): arguments checked against the tool's input schema first, then the tool's kind
 * decides where it runs. Throws `ToolArgumentsError` or `ToolCallError`; an abort passes through.
 */
export async function invokeTool(
  app: Application,
  principal: Principal,
  tool: StoredTool,
  args: Record<string, unknown>,
  options: { signal?: AbortSignal } = {}
): Promise<ToolCallOutcome> {
  return inSpan('tool.call', { 'troupe.tool': tool.name, 'troupe.tool.kind': tool.kind, 'troupe.tenant': principal.tenantId }, () => runTool(app, principal, tool, args, options))
}

async function runTool(app: Application, principal: Principal, tool: StoredTool, args: Record<string, unknown>, options: { signal?: AbortSignal }): Promise<ToolCallOutcome> {
  checkToolArgs(tool.name, tool.inputSchema, args)
  const { signal } = options
  const policy = app.get('config')
  switch (tool.kind) {
    case 'code': {
      const runtime = tool.runtime ?? defaultToolRuntime
      try {
        const outcome = await runCodeTool(app.get('plugins'), tool, args, signal)
        app.get('metrics').sandboxRuns.inc({ runtime, outcome: 'ok' })
        return outcome
      } catch (error) {
        app.get('metrics').sandboxRuns.inc({ runtime, outcome: 'error' })
        throw error
      }
    }
    case 'http': {
      const secrets = openToolSecrets(app.get('secretBox'), principal.tenantId, tool)
      return scrub(await runHttpTool(tool, args, secrets, policy, signal), secrets)
    }
    case 'mcp': {
      const secrets = openToolSecrets(app.get('secretBox'), principal.tenantId, tool)
      return scrub(await runMcpTool(tool, args, secrets, policy, signal), secrets)
    }
  }
}
