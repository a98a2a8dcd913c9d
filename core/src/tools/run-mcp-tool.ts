import type { ToolCallOutcome } from '@troupe/sdk/plugin'
import { renderTemplate } from '../executor/templates/render-template.js'
import type { NetworkPolicy } from '../net/network-policy.js'
import { withMcpClient } from './mcp-client.js'
import { createRedactor } from '../secrets/redact-secrets.js'
import { assertSecretsPlaced, secretReferences } from './secret-references.js'
import type { StoredTool } from './stored-tool.js'
import { ToolCallError } from './tool-errors.js'
import type { OpenedSecrets } from './tool-secrets.js'

const defaultTimeoutMs = 60_000

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
 * Calls one tool of an external MCP server, with the tool's headers (secrets filled in), which
 * go to the server's origin only: the secrets are bound to it, and every request of the session
 * (the SSE stream, its message endpoint, redirects) goes through the guarded fetch.
 */
export async function runMcpTool(
  tool: StoredTool,
  args: Record<string, unknown>,
  { secrets, origin }: OpenedSecrets,
  policy: NetworkPolicy,
  signal: AbortSignal | undefined
): Promise<ToolCallOutcome> {
  const settings = tool.mcp
  if (!settings) throw new ToolCallError(`Tool ${tool.name} has no MCP settings`)
  assertSecretsPlaced(tool.name, { mcp: settings })
  const redactor = createRedactor(secrets)
  const headers = Object.fromEntries(
    Object.entries(settings.headers ?? {}).map(([name, template]) => [name, String(renderTemplate(template, { secrets }) ?? '')])
  )
  const secretHeaders = Object.entries(settings.headers ?? {})
    .filter(([, template]) => secretReferences(template, '').length > 0)
    .map(([name]) => name)
  const connection = { serverUrl: settings.serverUrl, transport: settings.transport, headers, policy, credentialOrigin: origin ?? undefined, secrets: Object.values(secrets), secretHeaders }
  const started = performance.now()
  try {
    const result = await withMcpClient(connection, (client) =>
      client.callTool({ name: settings.toolName, arguments: args }, undefined, { signal, timeout: settings.timeoutMs ?? defaultTimeoutMs })
    )
    const durationMs = performance.now() - started
    const value = mcpResultValue(result as Parameters<typeof mcpResultValue>[0])
    if (result.isError) {
      const message = typeof value === 'string' ? value : JSON.stringify(value)
      throw new ToolCallError(redactor.text(`MCP tool ${settings.toolName} reported an error: ${message}`), [], durationMs)
    }
    return { result: value, logs: [], durationMs }
  } catch (error) {
    if (signal?.aborted || error instanceof ToolCallError) throw error
    throw new ToolCallError(redactor.text(`MCP tool ${settings.toolName} failed: ${(error as Error).message}`), [], performance.now() - started)
  }
}
