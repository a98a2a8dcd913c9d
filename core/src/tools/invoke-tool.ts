import { SlotQueueFullError, type ToolCallOutcome } from '@troupe/sdk/plugin'
import type { Application, Principal } from '../declarations.js'
import { checkToolArgs } from './check-tool-args.js'
import { tenantLogicFor } from '../tenant-logic/tenant-logic.js'
import { defaultToolRuntime, runCodeTool } from './run-code-tool.js'
import { runPluginTool } from './run-plugin-tool.js'
import type { StoredTool } from './stored-tool.js'
import { inSpan } from '../observability/tracing.js'
import { openToolSecrets, type OpenedSecrets, type ToolKindLookup } from './tool-secrets.js'
import { createRedactor } from '../secrets/redact-secrets.js'
import { toolNetworkPolicy } from '../net/outbound-policies.js'
import { ToolCallError } from './tool-errors.js'

/** Whatever a tool gives back is scrubbed of its own secrets, in every encoding, before anyone sees it. */
function scrub(outcome: ToolCallOutcome, { secrets }: OpenedSecrets): ToolCallOutcome {
  if (Object.keys(secrets).length === 0) return outcome
  const redactor = createRedactor(secrets)
  return { ...outcome, result: redactor.value(outcome.result), logs: outcome.logs.map(redactor.text) }
}

/**
 * The one way a tool runs, whoever asks (the test endpoint, the `tool.call` node, agents, MCP
 * clients): arguments checked against the tool's input schema first (by the tenant's logic
 * workers), then the run waits for one of the tenant's tool-run slots (a tenant runs at most
 * `TROUPE_TENANT_MAX_CONCURRENT_TOOL_RUNS` tools at once in this process), and the tool's kind
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
  const { signal } = options
  await checkToolArgs(tool.name, tool.inputSchema, args, tenantLogicFor(app.get('logicPool'), principal.tenantId))
  const release = await app
    .get('toolRunSlots')
    .acquire(principal.tenantId, signal)
    .catch((error: Error) => {
      if (error instanceof SlotQueueFullError) throw new ToolCallError(`Too many tool runs of this tenant are waiting (${error.queued}); try again later`)
      throw error
    })
  try {
    return await runToolOfKind(app, principal, tool, args, signal)
  } finally {
    release()
  }
}

/** The plugins' tool kinds of `app`, for the secrets' binding. */
export function pluginToolKinds(app: Application): ToolKindLookup {
  const kinds = app.get('plugins').toolKinds
  return (kind) => kinds.get(kind)?.kind
}

async function runToolOfKind(app: Application, principal: Principal, tool: StoredTool, args: Record<string, unknown>, signal: AbortSignal | undefined): Promise<ToolCallOutcome> {
  const policy = toolNetworkPolicy(app.get('config'))
  const kinds = pluginToolKinds(app)
  switch (tool.kind) {
    case 'code': {
      const runtime = tool.runtime ?? defaultToolRuntime(app.get('plugins')) ?? 'none'
      try {
        const outcome = await runCodeTool(app.get('plugins'), tool, args, principal.tenantId, signal)
        app.get('metrics').sandboxRuns.inc({ runtime, outcome: 'ok' })
        return outcome
      } catch (error) {
        app.get('metrics').sandboxRuns.inc({ runtime, outcome: 'error' })
        throw error
      }
    }
    default: {
      const entry = app.get('plugins').toolKinds.get(tool.kind)
      // A plugin switched off, or removed, after the tool was saved.
      if (!entry) throw new ToolCallError(`Tool ${tool.name} is of kind ${tool.kind}, which no loaded plugin provides`)
      const secrets = openToolSecrets(app.get('secretBox'), principal.tenantId, tool, kinds)
      const plugin = app.get('plugins').pluginContext(entry.plugin)
      return scrub(await runPluginTool(entry.kind, tool, args, secrets, { policy, tenantId: principal.tenantId, plugin }, signal), secrets)
    }
  }
}
