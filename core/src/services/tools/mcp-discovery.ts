import { BadRequest } from '@feathersjs/errors'
import { mcpDiscoveryDataSchema, servicePaths, serviceMethods, type McpDiscoveryData, type McpDiscoveryResult } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { checkOutboundUrl, ForbiddenUrlError } from '../../net/check-outbound-url.js'
import { toolNetworkPolicy } from '../../net/outbound-policies.js'
import { redactSecrets } from '../../secrets/redact-secrets.js'
import { withMcpClient } from '../../tools/mcp-client.js'
import { validationError } from '../../validation/ajv.js'
import { registerService } from '../register-service.js'

const discoveryTimeoutMs = 15_000

/**
 * `POST /api/v1/mcp-discovery`: connects to an external MCP server and lists its tools, to pick
 * one for an `mcp` tool. The headers given are credentials for that server: none of them follows
 * a request to another origin, and none is quoted back.
 */
export class McpDiscoveryService {
  constructor(private readonly app: Application) {}

  async create(data: McpDiscoveryData): Promise<McpDiscoveryResult> {
    const policy = toolNetworkPolicy(this.app.get('config'))
    const headers = data.headers ?? {}
    try {
      await checkOutboundUrl(data.serverUrl, policy)
    } catch (error) {
      if (error instanceof ForbiddenUrlError) throw validationError('data', [{ field: 'serverUrl', message: error.message }])
      throw error
    }
    try {
      const connection = { serverUrl: data.serverUrl, transport: data.transport, headers, policy, secretHeaders: Object.keys(headers) }
      return await withMcpClient(connection, async (client) => {
        const { tools } = await client.listTools(undefined, { timeout: discoveryTimeoutMs })
        return {
          serverName: client.getServerVersion()?.name,
          tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema: inputSchema as Record<string, unknown> }))
        }
      })
    } catch (error) {
      const reason = redactSecrets((error as Error).message, Object.values(headers))
      throw new BadRequest(`Could not list the tools of ${new URL(data.serverUrl).origin}: ${reason}`, [
        { field: 'serverUrl', message: 'did not answer as an MCP server' }
      ])
    }
  }
}

declare module '../../declarations.js' {
  interface ServiceTypes {
    'mcp-discovery': McpDiscoveryService
  }
}

export function mcpDiscovery(app: Application) {
  registerService(
    app,
    {
      path: servicePaths.mcpDiscovery,
      methods: [...serviceMethods['mcp-discovery']],
      schemas: { data: mcpDiscoveryDataSchema },
      permissions: (principal, { allow }) => {
        if (principal.role !== 'viewer') allow('create')
      }
    },
    new McpDiscoveryService(app)
  )
}
