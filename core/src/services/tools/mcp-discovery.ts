import { BadRequest } from '@feathersjs/errors'
import { mcpDiscoveryDataSchema, servicePaths, serviceMethods, type McpDiscoveryData, type McpDiscoveryResult } from '@troupe/sdk'
import type { Application } from '../../declarations.js'
import { checkOutboundUrl, ForbiddenUrlError } from '../../net/check-outbound-url.js'
import { withMcpClient } from '../../tools/mcp-client.js'
import { validationError } from '../../validation/ajv.js'
import { registerService } from '../register-service.js'

const discoveryTimeoutMs = 15_000

/** `POST /api/v1/mcp-discovery`: connects to an external MCP server and lists its tools, to pick one for an `mcp` tool. */
export class McpDiscoveryService {
  constructor(private readonly app: Application) {}

  async create(data: McpDiscoveryData): Promise<McpDiscoveryResult> {
    const policy = this.app.get('config')
    try {
      await checkOutboundUrl(data.serverUrl, policy)
    } catch (error) {
      if (error instanceof ForbiddenUrlError) throw validationError('data', [{ field: 'serverUrl', message: error.message }])
      throw error
    }
    try {
      return await withMcpClient({ serverUrl: data.serverUrl, transport: data.transport, headers: data.headers, policy }, async (client) => {
        const { tools } = await client.listTools(undefined, { timeout: discoveryTimeoutMs })
        return {
          serverName: client.getServerVersion()?.name,
          tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema: inputSchema as Record<string, unknown> }))
        }
      })
    } catch (error) {
      throw new BadRequest(`Could not list the tools of ${new URL(data.serverUrl).origin}: ${(error as Error).message}`, [
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
