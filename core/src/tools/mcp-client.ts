import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { McpToolSettings } from '@troupe/sdk'
import { createGuardedFetch } from '../net/guarded-fetch.js'
import type { NetworkPolicy } from '../net/network-policy.js'

/** Where and how to reach an external MCP server. There is deliberately no stdio/command transport. */
export interface McpConnection {
  serverUrl: string
  transport?: McpToolSettings['transport']
  headers?: Record<string, string>
  policy: NetworkPolicy
  /** Largest response accepted from the server. */
  maxResponseBytes?: number
  /** The origin the headers' credentials may go to (the server's by default); see `createGuardedFetch`. */
  credentialOrigin?: string
  /** Header names that carry a secret, and secret values: dropped from any request to another origin. */
  secretHeaders?: readonly string[]
  secrets?: readonly string[]
}

const clientInfo = { name: 'troupe', version: '0.1.0' }

/**
 * Runs `work` with a connected MCP client and always closes it. Every request (and SSE stream)
 * goes through the guarded fetch, so the server's address and each redirect hop pass the same
 * outbound policy as LLM providers and HTTP tools, and credentials stay on the server's origin.
 */
export async function withMcpClient<T>(connection: McpConnection, work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(connection.serverUrl)
  const fetch = createGuardedFetch({
    policy: connection.policy,
    maxResponseBytes: connection.maxResponseBytes ?? 10 * 1024 * 1024,
    credentialOrigin: connection.credentialOrigin ?? url.origin,
    secretHeaders: connection.secretHeaders,
    secrets: connection.secrets
  })
  const requestInit = { headers: connection.headers ?? {} }
  const transport =
    connection.transport === 'sse'
      ? new SSEClientTransport(url, { requestInit, fetch, eventSourceInit: { fetch } })
      : new StreamableHTTPClientTransport(url, { requestInit, fetch })
  const client = new Client(clientInfo)
  try {
    await client.connect(transport)
    return await work(client)
  } finally {
    await client.close().catch(() => undefined)
  }
}
