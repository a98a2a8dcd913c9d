import type { ServerResponse } from 'node:http'

/** An HTTP error answered as a JSON-RPC error object, as MCP clients expect from the transport. */
export function sendJsonRpcError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }))
}
