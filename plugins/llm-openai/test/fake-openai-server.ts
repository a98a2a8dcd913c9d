import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { text as readRequestText } from 'node:stream/consumers'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorReply, type FakeReply } from './fake-openai-replies.js'

export * from './fake-openai-replies.js'

export interface RecordedRequest {
  method: string
  /** The path, including `/v1`. */
  path: string
  headers: IncomingHttpHeaders
  /** The parsed JSON body (undefined for an empty body). */
  body: any
}

export type FakeHandler = FakeReply | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>)

/** Handlers keyed by method and path below `/v1`, e.g. `'POST /chat/completions'`. Other routes answer 404. */
export type FakeRoutes = Record<string, FakeHandler>

export interface FakeOpenAi {
  /** The base URL to configure a provider with; it ends with `/v1`. */
  url: string
  /** Every request received, in order. */
  requests: RecordedRequest[]
  /** Stops the server, cutting any hanging connection. */
  close(): Promise<void>
}

/**
 * Starts a local stand-in for an OpenAI-compatible endpoint on 127.0.0.1 and a free port, for tests
 * that must go through real HTTP (the `openai` client, the host's fetch, failover between providers).
 */
export async function startFakeOpenAi(routes: FakeRoutes): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const text = await readRequestText(req)
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined
    }
    requests.push(request)
    const handler = routes[`${request.method} ${request.path.replace(/^\/v1/, '').replace(/\?.*$/, '')}`]
    const reply = typeof handler === 'function' ? await handler(request) : (handler ?? notFound(request))
    if ('hang' in reply) return
    if (reply.delayMs) await sleep(reply.delayMs)
    if (res.destroyed) return
    if ('json' in reply) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
      res.end(JSON.stringify(reply.json))
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    for (const chunk of reply.stream) {
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs)
      if (res.destroyed) return
      res.write(`data: ${JSON.stringify(chunk)}\n\n`)
    }
    if (reply.holdOpen) return
    if (reply.done !== false) res.write('data: [DONE]\n\n')
    res.end()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

function notFound(request: RecordedRequest): FakeReply {
  return errorReply(404, `No fake route for ${request.method} ${request.path}`, 'invalid_request_error')
}

