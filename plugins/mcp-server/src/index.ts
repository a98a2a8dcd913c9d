import type { IncomingMessage } from 'node:http'
import { definePlugin } from '@troupe/sdk/plugin'
import { allowedOriginsFrom } from './check-origin.js'
import { handleMcpRequest } from './handle-mcp-request.js'
import { McpSessions } from './mcp-sessions.js'
import { createTroupeMcpServer } from './troupe-mcp-server.js'

export { crewToolName, flowToolName } from './tool-names.js'

const version = '0.1.0'
const sessionIdleMs = 30 * 60_000
const flowTimeoutMs = Number(process.env.TROUPE_MCP_FLOW_TIMEOUT_MS ?? 10 * 60_000)

let sessions: McpSessions | undefined

/** Serves the tenant's exposed tools and flows to MCP clients at `/mcp` (Streamable HTTP). */
export default definePlugin({
  id: 'mcp-server',
  version,
  apiVersion: '^1.4.0',
  description: "MCP server: a tenant's exposed tools and flows as MCP tools over Streamable HTTP at /mcp",
  setup(host) {
    sessions = new McpSessions(sessionIdleMs)
    const context = {
      sessions,
      allowedOrigins: allowedOriginsFrom(process.env),
      authenticate: (req: IncomingMessage) => host.authenticateBearer(req.headers.authorization, 'mcp', req),
      newServer: () => createTroupeMcpServer({ app: host.app, watchExecution: host.watchExecution, version, flowTimeoutMs })
    }
    host.addHttpRoute('/mcp', (req, res) => handleMcpRequest(context, req, res), {
      corsHeaders: { allow: ['mcp-session-id', 'mcp-protocol-version'], expose: ['mcp-session-id'] }
    })
  },
  async teardown() {
    await sessions?.closeAll()
    sessions = undefined
  }
})
