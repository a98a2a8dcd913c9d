import { definePlugin } from '@troupe/sdk/plugin'
import { registerMcpDiscovery } from './mcp-discovery.js'
import { mcpToolKind } from './mcp-tool-kind.js'

/** The `mcp` tool kind (`{kind: 'mcp', mcp: {serverUrl, toolName, transport?, headers?}}`) and `/api/v1/mcp-discovery`. */
export default definePlugin({
  id: 'tool-mcp',
  version: '0.1.0',
  apiVersion: '^2.0.0',
  description: 'Tools that call one tool of an external MCP server (streamable HTTP or SSE), and the discovery of a server\'s tools',
  contributes: { toolKinds: [mcpToolKind] },
  setup: (host) => registerMcpDiscovery(host)
})
