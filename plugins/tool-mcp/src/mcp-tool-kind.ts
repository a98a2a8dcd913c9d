import { mcpToolSettingsSchema, type McpToolSettings } from '@troupe/sdk'
import { originOf, renderTemplate } from '@troupe/sdk/logic'
import type { ToolKindCall, ToolKindDefinition, ToolSettingsChecks } from '@troupe/sdk/plugin'
import { withMcpClient } from './mcp-client.js'

const defaultTimeoutMs = 60_000
/** Largest answer (or SSE stream) read from a server. */
const maxResponseBytes = 10 * 1024 * 1024

interface McpContent {
  type: string
  text?: string
  [key: string]: unknown
}

/** An MCP tool result as a plain value: its structured content, else its text (parsed when JSON), else its content list. */
export function mcpResultValue(result: { content?: unknown; structuredContent?: unknown; toolResult?: unknown }): unknown {
  // Servers of protocol version 2024-10-07 answer with `toolResult`.
  if ('toolResult' in result) return result.toolResult
  if (result.structuredContent !== undefined) return result.structuredContent
  const content = (Array.isArray(result.content) ? result.content : []) as McpContent[]
  if (content.length > 0 && content.every((part) => part.type === 'text')) {
    const text = content.map((part) => part.text ?? '').join('\n')
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return content
}

/**
 * Calls one tool of an external MCP server, with the tool's headers (secrets filled in), which go
 * to the server's origin only: the secrets are bound to it, and every request of the session goes
 * through the host's guarded fetch.
 */
async function callMcpTool({ settings, args, secrets, fetch, signal }: ToolKindCall<McpToolSettings>): Promise<{ result: unknown }> {
  const headers = Object.fromEntries(Object.entries(settings.headers ?? {}).map(([name, template]) => [name, String(renderTemplate(template, { secrets }) ?? '')]))
  const result = await withMcpClient({ serverUrl: settings.serverUrl, transport: settings.transport, headers, fetch }, (client) =>
    client.callTool({ name: settings.toolName, arguments: args }, undefined, { signal, timeout: settings.timeoutMs ?? defaultTimeoutMs })
  )
  const value = mcpResultValue(result as Parameters<typeof mcpResultValue>[0])
  if (result.isError) throw new Error(`MCP tool ${settings.toolName} reported an error: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
  return { result: value }
}

async function serverUrlProblems(settings: McpToolSettings, checks: ToolSettingsChecks) {
  const problem = await checks.checkOutboundUrl(settings.serverUrl)
  return problem ? [{ field: 'serverUrl', message: problem }] : []
}

/** `mcp`: one tool of an external MCP server (streamable HTTP or SSE). Its secrets go only into header values, only to the server's origin. */
export const mcpToolKind: ToolKindDefinition<McpToolSettings> = {
  kind: 'mcp',
  displayName: 'MCP server tool',
  description: 'Calls one tool of an external MCP server; header values may use {{ secrets.<name> }}.',
  settingsSchema: mcpToolSettingsSchema,
  destination: (settings) => originOf(settings.serverUrl),
  destinationField: 'serverUrl',
  limits: (settings) => ({ timeoutMs: settings.timeoutMs ?? defaultTimeoutMs, maxResponseBytes }),
  secretPlaces: ['headers.*'],
  checkSettings: serverUrlProblems,
  invoke: callMcpTool
}
