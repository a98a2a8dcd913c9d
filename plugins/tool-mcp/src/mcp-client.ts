import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { McpToolSettings } from '@troupe/sdk'

/** Where and how to reach an external MCP server. There is deliberately no stdio/command transport. */
export interface McpConnection {
  serverUrl: string
  transport?: McpToolSettings['transport']
  headers?: Record<string, string>
  /** The host's guarded fetch: every request of the session (the SSE stream, its message endpoint, redirects) goes through it. */
  fetch: typeof fetch
}

const clientInfo = { name: 'troupe', version: '0.1.0' }

/** Runs `work` with a connected MCP client and always closes it. */
export async function withMcpClient<T>({ serverUrl, transport, headers, fetch }: McpConnection, work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(serverUrl)
  const requestInit = { headers: headers ?? {} }
  const connection =
    transport === 'sse'
      ? new SSEClientTransport(url, { requestInit, fetch, eventSourceInit: { fetch } })
      : new StreamableHTTPClientTransport(url, { requestInit, fetch })
  const client = new Client(clientInfo)
  try {
    await client.connect(connection)
    return await work(client)
  } finally {
    await client.close().catch(() => undefined)
  }
}
