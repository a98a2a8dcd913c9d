import type { IncomingMessage } from 'node:http'
import { definePlugin } from '@troupe/sdk/plugin'
import { handleMcpRequest } from './handle-mcp-request.js'
import { McpSessions } from './mcp-sessions.js'
import { createTroupeMcpServer } from './troupe-mcp-server.js'

export { exposedToolName } from './tool-names.js'

const version = '0.1.0'
const sessionIdleMs = 30 * 60_000

/** The plugin's settings, from `TROUPE_MCP_SERVER_*` (or the older `TROUPE_MCP_*` names). */
const mcpServerSettingsSchema = {
  type: 'object',
  properties: {
    /** Browser origins, besides the server's own, allowed to call `/mcp` (`https://app.example.com`). */
    allowedOrigins: { type: 'array', items: { type: 'string', minLength: 1 }, default: [], 'x-troupe-env-aliases': ['TROUPE_MCP_ALLOWED_ORIGINS'] },
    /** Longest run (a flow, a crew) an MCP tool call waits for before it is cancelled. */
    flowTimeoutMs: { type: 'integer', minimum: 1000, maximum: 24 * 60 * 60_000, default: 10 * 60_000, 'x-troupe-env-aliases': ['TROUPE_MCP_FLOW_TIMEOUT_MS'] }
  },
  additionalProperties: false
}
type McpServerSettings = { allowedOrigins: string[]; flowTimeoutMs: number }

/**
 * Serves the tenant's exposed tools and flows, and the records other plugins expose (crews), to
 * MCP clients at `/mcp` (Streamable HTTP). Its state is the open sessions, closed at teardown.
 */
export default definePlugin<McpServerSettings, McpSessions>({
  id: 'mcp-server',
  version,
  apiVersion: '^2.0.0',
  description: "MCP server: a tenant's exposed tools, flows and crews as MCP tools over Streamable HTTP at /mcp",
  settings: mcpServerSettingsSchema,
  setup(host) {
    const sessions = new McpSessions(sessionIdleMs)
    const exposures = host.contributions('mcpExposures')
    const context = {
      sessions,
      allowedOrigins: host.settings.allowedOrigins.map((origin) => origin.trim().replace(/\/+$/, '')),
      authenticate: (req: IncomingMessage) => host.authenticateBearer(req.headers.authorization, 'mcp', req),
      newServer: () => createTroupeMcpServer({ app: host.app, watchExecution: host.watchExecution, version, flowTimeoutMs: host.settings.flowTimeoutMs, exposures })
    }
    host.addHttpRoute('/mcp', (req, res) => handleMcpRequest(context, req, res), {
      corsHeaders: { allow: ['mcp-session-id', 'mcp-protocol-version'], expose: ['mcp-session-id'] }
    })
    return sessions
  },
  async teardown(sessions) {
    await sessions?.closeAll()
  }
})
