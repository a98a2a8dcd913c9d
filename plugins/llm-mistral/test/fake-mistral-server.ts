import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { text as readRequestText } from 'node:stream/consumers'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ScriptedAnswer } from '@troupe/sdk/plugin/testing/provider-contract'
import { checkChatRequest, checkEmbeddingRequest, type MistralRefusal } from './check-mistral-request.js'
import { embeddingReply, errorReply, mistralErrors, scriptedReply, type ChatRequestBody, type FakeReply } from './mistral-replies.js'

export * from './mistral-replies.js'
export { checkChatRequest, checkEmbeddingRequest, type MistralRefusal } from './check-mistral-request.js'

export interface RecordedRequest {
  method: string
  /** The path, `/v1/...`. */
  path: string
  headers: IncomingHttpHeaders
  /** The parsed JSON body (undefined for an empty one). */
  body: any
  /** Set when the client went away before the answer was complete (a cancelled call). */
  clientClosed: boolean
}

/** The endpoints the stand-in serves. */
export type FakePath = '/v1/chat/completions' | '/v1/embeddings'

export interface FakeMistral {
  /** The base URL to configure a provider with; it ends with `/v1`, like Mistral's documented one. */
  url: string
  /** Every request received, in order, valid or not. */
  requests: RecordedRequest[]
  /** Queues what the next valid chat completion answers, in Mistral's format (streamed when the request streams). */
  answer(next: ScriptedAnswer): void
  /** Queues a raw reply for the next valid request to `path`. */
  reply(next: FakeReply, path?: FakePath): void
  /** Stops the server, cutting any open connection. */
  close(): Promise<void>
}

export interface FakeMistralOptions {
  /** The only key accepted (`Authorization: Bearer <key>`); any key, or none, when unset. */
  apiKey?: string
}

type Queued = { scripted: ScriptedAnswer } | { raw: FakeReply }

/**
 * Starts a local stand-in for Mistral's API on 127.0.0.1 and a free port. It checks every
 * request against Mistral's documented request schema and the checks Mistral's validator makes
 * on a conversation, answering Mistral's own errors (422 `detail`, 400 `{object: "error", ...}`)
 * naming what is wrong; valid chat completions get the queued answers, as recorded-looking
 * JSON or server-sent events (a role chunk, deltas, the finish reason and usage in the last
 * chunk, `data: [DONE]`). Embeddings are answered with vectors derived from each text unless a
 * reply is queued for them.
 */
export async function startFakeMistral(options: FakeMistralOptions = {}): Promise<FakeMistral> {
  const requests: RecordedRequest[] = []
  const queues: Record<FakePath, Queued[]> = { '/v1/chat/completions': [], '/v1/embeddings': [] }
  const server = createServer((req, res) => {
    void serve(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ object: 'error', message: `The stand-in failed: ${error.message}`, type: 'internal_server_error', param: null, code: null }))
    })
  })

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const text = await readRequestText(req)
    const request: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').replace(/\?.*$/, ''), headers: req.headers, body: undefined, clientClosed: false }
    requests.push(request)
    res.on('close', () => (request.clientClosed = !res.writableFinished))
    try {
      request.body = text ? JSON.parse(text) : undefined
    } catch (error) {
      return send(res, { json: { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: `JSON decode error: ${(error as Error).message}`, input: {} }] }, status: 422 })
    }
    const refused = refusalOf(request)
    if (refused) return send(res, { json: refused.body, status: refused.status })
    const path = request.path as FakePath
    const queued = queues[path].shift()
    if (queued) return send(res, 'raw' in queued ? queued.raw : scriptedReply(queued.scripted, request.body as ChatRequestBody))
    if (path === '/v1/embeddings') return send(res, embeddingReply(request.body))
    return send(res, errorReply(400, 'The stand-in has no answer queued for this chat completion', 'invalid_request_error'))
  }

  function refusalOf(request: RecordedRequest): MistralRefusal | undefined {
    if (options.apiKey !== undefined) {
      const authorization = request.headers.authorization
      if (!authorization) return asRefusal(mistralErrors.noKey())
      if (authorization !== `Bearer ${options.apiKey}`) return asRefusal(mistralErrors.unauthorized())
    }
    const known = request.path === '/v1/chat/completions' || request.path === '/v1/embeddings'
    if (!known) return { status: 404, body: { detail: 'Not Found' } }
    if (request.method !== 'POST') return { status: 405, body: { detail: 'Method Not Allowed' } }
    return request.path === '/v1/embeddings' ? checkEmbeddingRequest(request.body) : checkChatRequest(request.body)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    answer: (next) => void queues['/v1/chat/completions'].push({ scripted: next }),
    reply: (next, path = '/v1/chat/completions') => void queues[path].push({ raw: next }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

function asRefusal(reply: FakeReply): MistralRefusal {
  const { json, status } = reply as { json: unknown; status: number }
  return { status, body: json }
}

async function send(res: ServerResponse, reply: FakeReply): Promise<void> {
  if ('hang' in reply) return
  if ('drop' in reply) return void res.socket?.destroy()
  if (reply.delayMs) await sleep(reply.delayMs)
  if (res.destroyed) return
  if ('json' in reply) {
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
    res.end(JSON.stringify(reply.json))
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  for (const chunk of reply.stream) {
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs)
    if (res.destroyed) return
    // Waiting for each write to be flushed keeps a later cut from swallowing what came before it.
    await new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(chunk)}\n\n`, () => resolve()))
  }
  switch (reply.end ?? 'done') {
    case 'done':
      res.end('data: [DONE]\n\n')
      return
    case 'quiet':
      res.end()
      return
    case 'cut':
      res.socket?.destroy()
      return
    case 'hang':
      return
  }
}

