import { BadRequest } from '@feathersjs/errors'
import { mcpDiscoveryDataSchema, serviceMethods, servicePaths, type McpDiscoveryData, type McpDiscoveryResult } from '@troupe/sdk'
import type { PluginHost } from '@troupe/sdk/plugin'
import { withMcpClient } from './mcp-client.js'

const discoveryTimeoutMs = 15_000
const maxResponseBytes = 10 * 1024 * 1024

/**
 * `POST /api/v1/mcp-discovery`: connects to an external MCP server and lists its tools, to pick
 * one for an `mcp` tool. The headers given are credentials for that server: none of them follows
 * a request to another origin, and none is quoted back.
 */
export class McpDiscoveryService {
  constructor(private readonly host: PluginHost) {}

  async create(data: McpDiscoveryData): Promise<McpDiscoveryResult> {
    const headers = data.headers ?? {}
    const refused = await this.host.checkOutboundUrl(data.serverUrl)
    if (refused) throw new BadRequest(`Invalid data: serverUrl ${refused}`, [{ field: 'serverUrl', message: refused }])
    const fetch = this.host.createOutboundFetch({ credentialOrigin: new URL(data.serverUrl).origin, secretHeaders: Object.keys(headers), secrets: Object.values(headers), maxResponseBytes })
    try {
      return await withMcpClient({ serverUrl: data.serverUrl, transport: data.transport, headers, fetch }, async (client) => {
        const { tools } = await client.listTools(undefined, { timeout: discoveryTimeoutMs })
        return {
          serverName: client.getServerVersion()?.name,
          tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema: inputSchema as Record<string, unknown> }))
        }
      })
    } catch (error) {
      const reason = this.host.redactSecrets((error as Error).message, Object.values(headers))
      throw new BadRequest(`Could not list the tools of ${new URL(data.serverUrl).origin}: ${reason}`, [
        { field: 'serverUrl', message: 'did not answer as an MCP server' }
      ])
    }
  }
}

/** Mounts the discovery service: members and admins may list a server's tools, viewers may not. */
export function registerMcpDiscovery(host: PluginHost): void {
  host.registerService(
    {
      path: servicePaths.mcpDiscovery,
      methods: [...serviceMethods['mcp-discovery']],
      schemas: { data: mcpDiscoveryDataSchema },
      permissions: (principal, { allow }) => {
        if (principal.role !== 'viewer') allow('create')
      }
    },
    new McpDiscoveryService(host)
  )
}
