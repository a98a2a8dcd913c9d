import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js'
import type { AuthenticatedCaller } from '@troupe/sdk/plugin'
import { isOriginAllowed } from './check-origin.js'
import { sendJsonRpcError } from './json-rpc-error.js'
import type { McpSessions } from './mcp-sessions.js'
import type { Server } from '@modelcontextprotocol/sdk/server/index.js'

/** Largest JSON-RPC message accepted. */
const maxBodyBytes = 4 * 1024 * 1024

export interface McpRequestContext {
  sessions: McpSessions
  allowedOrigins: readonly string[]
  /** The caller of the request's bearer token; a 429 error when its address used up its budget of failed ones. */
  authenticate(req: IncomingMessage): Promise<AuthenticatedCaller | undefined>
  newServer(): Server
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBodyBytes) throw Object.assign(new Error('Request body too large'), { status: 413 })
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    throw Object.assign(new Error('Parse error: the body is not JSON'), { status: 400 })
  }
}

/**
 * `/mcp` over Streamable HTTP. Every request: Origin checked (403), bearer token checked (401 with
 * `WWW-Authenticate`), then routed to its session; a session answers only to the principal that
 * opened it (404 for anyone else, as for an unknown session). The caller's service params travel
 * to the tool handlers as the request's auth info, so each call is authorized afresh.
 */
export async function handleMcpRequest(context: McpRequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isOriginAllowed(req, context.allowedOrigins)) return sendJsonRpcError(res, 403, 'Forbidden origin')
  let caller: AuthenticatedCaller | undefined
  try {
    caller = await context.authenticate(req)
  } catch (error) {
    // The client's address used up its budget of failed tokens.
    const { code, message, data } = error as { code?: number; message?: string; data?: { retryAfter?: number } }
    if (code !== 429) throw error
    return sendJsonRpcError(res, 429, message ?? 'Too many requests', { 'retry-after': String(data?.retryAfter ?? 60) })
  }
  if (!caller) {
    return sendJsonRpcError(res, 401, 'Authentication required: send Authorization: Bearer <API key or access token>', {
      'www-authenticate': 'Bearer realm="troupe", error="invalid_token"'
    })
  }
  ;(req as IncomingMessage & { auth?: unknown }).auth = {
    token: '',
    clientId: caller.principal.userId,
    scopes: [caller.principal.role],
    extra: { params: caller.params, principal: caller.principal }
  }

  let body: unknown
  if (req.method === 'POST') {
    try {
      body = await readBody(req)
    } catch (error) {
      return sendJsonRpcError(res, (error as { status?: number }).status ?? 400, (error as Error).message)
    }
  }

  const sessionId = req.headers['mcp-session-id']
  if (typeof sessionId === 'string') {
    const session = context.sessions.get(sessionId, caller.principal.userId)
    if (!session) return sendJsonRpcError(res, 404, 'Session not found')
    return session.transport.handleRequest(req, res, body)
  }
  if (req.method !== 'POST' || !isInitializeRequest(body)) {
    return sendJsonRpcError(res, 400, 'Bad request: start a session with an initialize request')
  }

  const server = context.newServer()
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => context.sessions.add(id, { transport, server, ownerId: caller.principal.userId, lastUsed: Date.now() })
  })
  transport.onclose = () => {
    if (transport.sessionId) context.sessions.delete(transport.sessionId)
  }
  await server.connect(transport)
  await transport.handleRequest(req, res, body)
}
