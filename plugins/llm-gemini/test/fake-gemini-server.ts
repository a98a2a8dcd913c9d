import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { text as readRequestText } from 'node:stream/consumers'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { geminiErrors, googleError, type FakeReply } from './fake-gemini-replies.js'
import { batchEmbedContentsRequestSchema, generateContentRequestSchema } from './gemini-request-schemas.js'

export * from './fake-gemini-replies.js'

/** The REST methods the stand-in serves. */
export type GeminiRpc = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents'

export interface RecordedRequest {
  method: string
  /** The path with its query, e.g. `/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`. */
  path: string
  headers: IncomingHttpHeaders
  /** The parsed JSON body (undefined for an empty or unreadable body). */
  body: any
  /** The model named in the URL (`gemini-2.5-flash`) and the method, when the path is a model method. */
  model?: string
  rpc?: GeminiRpc
}

export type FakeHandler = FakeReply | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>)

/** Handlers by method; a method without one answers Google's 404. */
export type FakeRoutes = Partial<Record<GeminiRpc, FakeHandler>>

export interface FakeGeminiOptions {
  /** The one key accepted (others get Google's answer to a wrong key); any key when unset. */
  apiKey?: string
}

export interface FakeGemini {
  /** The base URL to configure a provider with: an origin, below which `/v1beta/models/...` is served. */
  url: string
  /** Every request received, in order, those refused included. */
  requests: RecordedRequest[]
  /** Stops the server, cutting any hanging connection. */
  close(): Promise<void>
}

const ajv = new Ajv({ allErrors: true, strict: false })
const validators: Record<GeminiRpc, { name: string; validate: ValidateFunction }> = {
  generateContent: { name: 'GenerateContentRequest', validate: ajv.compile(generateContentRequestSchema) },
  streamGenerateContent: { name: 'GenerateContentRequest', validate: ajv.compile(generateContentRequestSchema) },
  batchEmbedContents: { name: 'BatchEmbedContentsRequest', validate: ajv.compile(batchEmbedContentsRequestSchema) }
}

// `/v1beta/models/{model}:{method}`, below an optional prefix (a gateway's path).
const modelMethodPath = /^(?:\/[^?]*)?\/v1beta\/models\/([^/:?]+):([A-Za-z]+)(?:\?.*)?$/

/** Headers Google's front end sends with every answer. */
const googleHeaders = {
  vary: 'Origin, X-Origin, Referer',
  server: 'scaffolding on HTTPServer2',
  'x-xss-protection': '0',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff'
}

/**
 * Starts a local stand-in for the Gemini Developer API on 127.0.0.1 and a free port, for tests
 * that must go through real HTTP (the provider, the host's fetch, failover between providers).
 * Like the API, it checks each request before answering: the method path, the key in
 * `x-goog-api-key`, a JSON body valid against the documented request schema (unknown fields
 * refused), `alt=sse` on streams, embedding requests naming the URL's model. A request that
 * fails a check gets Google's error body naming what is wrong, and reaches no handler.
 */
export async function startFakeGemini(routes: FakeRoutes, options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const text = await readRequestText(req)
    const path = req.url ?? '/'
    const [, model, rpc] = modelMethodPath.exec(path) ?? []
    const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: parseJson(text), model: model && decodeURIComponent(model), rpc: rpc as GeminiRpc | undefined }
    requests.push(request)
    const refusal = checkRequest(request, text, options)
    const handler = request.rpc && routes[request.rpc]
    const reply = refusal ?? (typeof handler === 'function' ? await handler(request) : (handler ?? notFound(request)))
    await send(reply, res)
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

/** Google's refusal of a request that does not match the API, or undefined when it does. */
function checkRequest(request: RecordedRequest, text: string, options: FakeGeminiOptions): FakeReply | undefined {
  if (request.method !== 'POST' || !request.rpc || !(request.rpc in validators)) return notFound(request)
  const key = request.headers['x-goog-api-key']
  if (!key) return geminiErrors.missingApiKey()
  if (options.apiKey !== undefined && key !== options.apiKey) return geminiErrors.invalidApiKey()
  if (!String(request.headers['content-type']).startsWith('application/json') || request.body === undefined) {
    return invalidArgument(`Invalid JSON payload received. Expected a JSON object body with content-type application/json, got ${JSON.stringify(text.slice(0, 40))}.`)
  }
  const query = new URL(request.path, 'http://stand-in').searchParams
  if (query.has('key')) return invalidArgument('The stand-in takes the API key only in the x-goog-api-key header: a key in the URL ends up in logs.')
  if (request.rpc === 'streamGenerateContent' && query.get('alt') !== 'sse') {
    return invalidArgument('streamGenerateContent without alt=sse streams a JSON array; the stand-in (like the provider) speaks server-sent events only.')
  }
  const { name, validate } = validators[request.rpc]
  if (!validate(request.body)) return schemaViolations(name, validate.errors ?? [])
  if (request.rpc === 'batchEmbedContents') {
    const wrong = (request.body as { requests: Array<{ model: string }> }).requests.findIndex((embed) => embed.model !== `models/${request.model}`)
    if (wrong >= 0) return invalidArgument(`* BatchEmbedContentsRequest.requests[${wrong}].model: must be the model of the request URL, models/${request.model}`)
  }
  return undefined
}

function invalidArgument(message: string, fieldViolations: Array<{ field: string; description: string }> = []): FakeReply {
  return googleError(400, 'INVALID_ARGUMENT', message, fieldViolations.length > 0 ? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations }] : [])
}

/** Google's words for schema violations: `Unknown name "x" at 'y'` for an unknown field, the field's path for the rest. */
function schemaViolations(message: string, errors: ErrorObject[]): FakeReply {
  const violations = errors.map((error) => {
    const field = error.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')
    const unknown = (error.params as { additionalProperty?: string }).additionalProperty
    const description = unknown
      ? `Invalid JSON payload received. Unknown name "${unknown}" at '${field}': Cannot find field.`
      : `* ${message}${field ? `.${field}` : ''}: ${error.message}`
    return { field, description }
  })
  return invalidArgument(violations.map((violation) => violation.description).join('\n'), violations)
}

function notFound(request: RecordedRequest): FakeReply {
  return googleError(404, 'NOT_FOUND', `The stand-in serves no ${request.method} ${request.path}`)
}

async function send(reply: FakeReply, res: ServerResponse) {
  if ('hang' in reply) return
  if ('delayMs' in reply && reply.delayMs) await sleep(reply.delayMs)
  if (res.destroyed) return
  if ('json' in reply) {
    res.writeHead(reply.status ?? 200, { ...googleHeaders, 'content-type': 'application/json; charset=UTF-8', ...reply.headers })
    res.end(JSON.stringify(reply.json, null, 2))
    return
  }
  if ('text' in reply) {
    res.writeHead(reply.status, { 'content-type': 'text/html; charset=UTF-8', ...reply.headers })
    res.end(reply.text)
    return
  }
  res.writeHead(200, { ...googleHeaders, 'content-type': 'text/event-stream', 'content-disposition': 'attachment' })
  for (const event of reply.stream) {
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs)
    if (res.destroyed) return
    await flushed(res, `data: ${JSON.stringify(event)}\r\n\r\n`)
  }
  if (reply.unframed) await flushed(res, reply.unframed)
  if (reply.holdOpen) return
  if (reply.dropConnection) res.socket?.destroy()
  else res.end()
}

/** Writes and waits until the bytes left, so a connection dropped next drops after them. */
function flushed(res: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => res.write(text, () => resolve()))
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

