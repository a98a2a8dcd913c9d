import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { text as readRequestText } from 'node:stream/consumers'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FakeOllamaReply } from './fake-ollama-replies.js'
import { chatRequestSchema, embedRequestSchema } from './ollama-request-schemas.js'

export * from './fake-ollama-replies.js'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** The parsed JSON body (undefined for an empty or unreadable one). */
  body: any
}

export type FakeHandler = FakeOllamaReply | ((request: RecordedRequest) => FakeOllamaReply | Promise<FakeOllamaReply>)

/** Handlers by method and path: `'POST /api/chat'`, `'POST /api/embed'`. */
export type FakeRoutes = Record<string, FakeHandler>

export interface FakeOllamaOptions {
  /** When set, a request without `Authorization: Bearer <apiKey>` is refused with a 401, as a proxy in front of Ollama refuses it. */
  apiKey?: string
}

export interface FakeOllama {
  /** The base URL to configure a provider with (the server root, like `http://127.0.0.1:11434`). */
  url: string
  /** Every request received, in order, valid or not. */
  requests: RecordedRequest[]
  /** Stops the server, cutting any open connection. */
  close(): Promise<void>
}

const ajv = new Ajv({ allErrors: true, strict: false })
const schemas: Record<string, ValidateFunction> = {
  'POST /api/chat': ajv.compile(chatRequestSchema),
  'POST /api/embed': ajv.compile(embedRequestSchema)
}

/**
 * Starts a stand-in for an Ollama server on 127.0.0.1 and a free port, for tests that go through
 * real HTTP (the `ollama` client, the host's fetch, failover between providers). Each request to
 * a route is checked against Ollama's documented request body and refused with a 400 in Ollama's
 * error format (`{"error": "..."}`) naming what is wrong; a path without a handler answers as
 * Ollama's router does, `404 page not found`.
 */
export async function startFakeOllama(routes: FakeRoutes, { apiKey }: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: String(error) }))
    })
  })

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const text = await readRequestText(req)
    const request: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').replace(/\?.*$/, ''), headers: req.headers, body: undefined }
    requests.push(request)
    const route = `${request.method} ${request.path}`
    if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) return sendJson(res, 401, { error: 'unauthorized' })
    const handler = routes[route]
    if (!handler) return sendText(res, 404, '404 page not found')
    try {
      request.body = JSON.parse(text)
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message })
    }
    const validate = schemas[route]
    if (validate && !validate(request.body)) return sendJson(res, 400, { error: `invalid request to ${request.path}: ${describeProblems(validate.errors ?? [])}` })
    const reply = typeof handler === 'function' ? await handler(request) : handler
    if ('hang' in reply) return
    if (reply.delayMs) await sleep(reply.delayMs)
    if (res.destroyed) return
    if ('json' in reply) return sendJson(res, reply.status ?? 200, reply.json, reply.headers)
    if ('text' in reply) return sendText(res, reply.status, reply.text, reply.headers)
    const lines = reply.lines.map((line) => stamped(line, request.body?.model))
    if (request.body?.stream === false) return sendWhole(res, lines, reply)
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    for (const line of lines) {
      if (reply.lineDelayMs) await sleep(reply.lineDelayMs)
      if (res.destroyed) return
      res.write(`${JSON.stringify(line)}\n`)
    }
    if (reply.drop) res.destroy()
    else if (!reply.stall) res.end()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

/** Ollama's answer to `stream: false`: the pieces joined into one reply, or the error, or nothing when no done line came. */
function sendWhole(res: ServerResponse, lines: Array<Record<string, any>>, reply: { stall?: boolean }) {
  const failed = lines.find((line) => 'error' in line)
  if (failed) return sendJson(res, 500, failed)
  const done = lines.find((line) => line.done)
  if (!done) {
    if (!reply.stall) res.destroy()
    return
  }
  const toolCalls = lines.flatMap((line) => line.message?.tool_calls ?? [])
  const content = lines.map((line) => line.message?.content ?? '').join('')
  sendJson(res, 200, { ...done, message: { role: 'assistant', content, ...(toolCalls.length && { tool_calls: toolCalls }) } })
}

/** A reply event with the request's model and its time, as Ollama writes each line; error lines stay as they are. */
function stamped(line: unknown, model: string | undefined): Record<string, any> {
  const event = line as Record<string, any>
  if ('error' in event) return event
  return { model, created_at: new Date().toISOString(), ...event }
}

function describeProblems(errors: ErrorObject[]): string {
  return errors
    .map(({ instancePath, keyword, params, message }) => {
      const where = instancePath.replace(/^\//, '').replaceAll('/', '.') || 'the body'
      if (keyword === 'additionalProperties') return `${where} has an unknown field "${params.additionalProperty}"`
      if (keyword === 'required') return `${where} lacks "${params.missingProperty}"`
      if (keyword === 'enum') return `${where} must be one of ${params.allowedValues.join(', ')}`
      return `${where} ${message}`
    })
    .join('; ')
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
  res.end(text)
}

