import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js'

export interface ExternalMcpServer {
  url: string
  /** `x-api-key` of every request, in order. */
  seenKeys: string[]
  close(): Promise<void>
}

const tools = [
  {
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] }
  },
  { name: 'fail', description: 'Always reports an error', inputSchema: { type: 'object', properties: {} } }
]

function mcpServer(): Server {
  const server = new Server({ name: 'calculator', version: '1.0.0' }, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }))
  server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
    const args = (params.arguments ?? {}) as { a?: number; b?: number }
    if (params.name === 'add') return { content: [{ type: 'text', text: JSON.stringify({ sum: (args.a ?? 0) + (args.b ?? 0) }) }] }
    return { isError: true, content: [{ type: 'text', text: 'the calculator is broken' }] }
  })
  return server
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? JSON.parse(text) : undefined
}

/**
 * A real MCP server (the SDK's own `Server`) standing in for a third party: Streamable HTTP at
 * `/mcp` (stateless) and the older SSE transport at `/sse` + `/messages`, both requiring the
 * `x-api-key` header to equal `apiKey`; `/moved/<path>` redirects (307) to `/<path>`.
 */
export async function startExternalMcpServer(apiKey: string): Promise<ExternalMcpServer> {
  const seenKeys: string[] = []
  const sseSessions = new Map<string, SSEServerTransport>()
  const http = createServer(async (request, response) => {
    const key = String(request.headers['x-api-key'] ?? '')
    seenKeys.push(key)
    if (key !== apiKey) {
      response.writeHead(401).end('bad key')
      return
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    try {
      if (path.startsWith('/moved/')) {
        // A same-origin redirect, as a server that moved its endpoint answers.
        request.resume()
        response.writeHead(307, { location: request.url!.slice('/moved'.length) }).end()
      } else if (path === '/mcp') {
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
        const server = mcpServer()
        response.on('close', () => void server.close())
        await server.connect(transport)
        await transport.handleRequest(request, response, request.method === 'POST' ? await readJson(request) : undefined)
      } else if (path === '/sse') {
        const transport = new SSEServerTransport('/messages', response)
        sseSessions.set(transport.sessionId, transport)
        response.on('close', () => sseSessions.delete(transport.sessionId))
        await mcpServer().connect(transport)
      } else if (path === '/messages') {
        const sessionId = new URL(request.url ?? '/', 'http://localhost').searchParams.get('sessionId') ?? ''
        const transport = sseSessions.get(sessionId)
        if (!transport) response.writeHead(404).end()
        else await transport.handlePostMessage(request, response, await readJson(request))
      } else {
        response.writeHead(404).end()
      }
    } catch (error) {
      if (!response.headersSent) response.writeHead(500).end((error as Error).message)
    }
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seenKeys,
    close: async () => {
      http.closeAllConnections()
      await new Promise((resolve) => http.close(resolve))
    }
  }
}
