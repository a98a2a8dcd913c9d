import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { text as readRequestText } from 'node:stream/consumers'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { problemOf, type IssuedThinking } from './check-messages-request.js'
import { apiError, vendorId, type FakeReply, type ReplyBlock } from './fake-anthropic-replies.js'

export interface RecordedRequest {
  method: string
  /** The path, including `/v1`. */
  path: string
  headers: IncomingHttpHeaders
  /** The parsed JSON body (undefined for an empty or unreadable body). */
  body: any
}

/** Answers a valid `POST /v1/messages`: a fixed reply, or a function of the recorded request. */
export type FakeHandler = FakeReply | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>)

export interface FakeAnthropic {
  /** The base URL to configure a provider with (the SDK adds `/v1/messages`). */
  url: string
  /** The key the stand-in takes; any other is refused as the API refuses it. */
  apiKey: string
  /** Every request received, in order, refused ones included. */
  requests: RecordedRequest[]
  /** Stops the server, cutting any open connection. */
  close(): Promise<void>
}

/** A key shaped like Anthropic's. */
export const standInApiKey = 'sk-ant-api03-stand-in-0123456789abcdef'

/**
 * Starts a local stand-in for Anthropic's Messages API on 127.0.0.1 and a free port, for tests
 * that go through real HTTP (the vendor's SDK, the host's fetch, failover between providers). It
 * refuses what the API refuses, in its error format: a wrong key (401), no `anthropic-version`, a
 * body that does not match the documented request or pair tool calls with their results, and a
 * tool-use turn sent back without the thinking the stand-in answered it with (400). Valid
 * requests to `POST /v1/messages` get `handler`'s reply; other routes answer 404.
 */
export async function startFakeAnthropic(handler: FakeHandler, { apiKey = standInApiKey }: { apiKey?: string } = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = []
  const issuedThinking = new Map<string, IssuedThinking[]>()
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })

  async function replyTo(request: RecordedRequest, text: string): Promise<FakeReply> {
    const key = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '')
    if (key !== apiKey) return apiError(401, 'authentication_error', 'invalid x-api-key')
    if (`${request.method} ${request.path}` !== 'POST /v1/messages') return apiError(404, 'not_found_error', `Not found: ${request.method} ${request.path}`)
    if (!request.headers['anthropic-version']) return apiError(400, 'invalid_request_error', 'anthropic-version: header is required')
    if (request.body === undefined) return apiError(400, 'invalid_request_error', `There was an issue with the request body: ${text ? 'invalid JSON' : 'empty body'}`)
    const problem = problemOf(request.body, issuedThinking)
    if (problem) return apiError(400, 'invalid_request_error', problem)
    const reply = typeof handler === 'function' ? await handler(request) : handler
    rememberThinking(reply, issuedThinking)
    return reply
  }

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const text = await readRequestText(req)
    const request: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').replace(/\?.*$/, ''), headers: req.headers, body: parsed(text) }
    requests.push(request)
    const reply = await replyTo(request, text)
    if ('hang' in reply) return
    if (reply.delayMs) await sleep(reply.delayMs)
    if (res.destroyed) return
    const common = { 'request-id': vendorId('req_011C'), 'anthropic-organization-id': '00000000-0000-4000-8000-000000000000' }
    if ('json' in reply) {
      res.writeHead(reply.status ?? 200, { ...common, 'content-type': 'application/json', ...reply.headers })
      res.end(JSON.stringify(reply.json))
      return
    }
    res.writeHead(200, { ...common, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
    res.flushHeaders()
    for (const { event, data } of reply.events) {
      if (reply.eventDelayMs) await sleep(reply.eventDelayMs)
      if (res.destroyed) return
      // Flushed one by one, so that a dropped connection drops only what comes after.
      await new Promise<void>((resolve) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => resolve()))
    }
    if (reply.then === 'drop') res.destroy()
    else if (reply.then !== 'hang') res.end()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

/** The assistant content a reply carries, whole or streamed. */
function contentOf(reply: FakeReply): ReplyBlock[] {
  if ('json' in reply) return (reply.json as { type?: string; content?: ReplyBlock[] }).type === 'message' ? ((reply.json as { content: ReplyBlock[] }).content ?? []) : []
  if (!('events' in reply)) return []
  const blocks: Array<Record<string, any>> = []
  for (const { data } of reply.events as Array<{ data: Record<string, any> }>) {
    if (data.type === 'content_block_start') blocks[data.index] = { ...data.content_block }
    if (data.type !== 'content_block_delta') continue
    const block = blocks[data.index]!
    if (data.delta.type === 'thinking_delta') block.thinking += data.delta.thinking
    if (data.delta.type === 'signature_delta') block.signature = data.delta.signature
  }
  return blocks as ReplyBlock[]
}

/** Notes the thinking a reply sends with its tool calls, which must come back with them. */
function rememberThinking(reply: FakeReply, issued: Map<string, IssuedThinking[]>) {
  const content = contentOf(reply)
  const thought = content.flatMap((block): IssuedThinking[] => {
    if (block.type === 'thinking') return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }]
    if (block.type === 'redacted_thinking') return [{ type: 'redacted_thinking', data: block.data }]
    return []
  })
  if (thought.length === 0) return
  for (const block of content) if (block.type === 'tool_use') issued.set(block.id, thought)
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

