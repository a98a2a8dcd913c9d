import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { text as readRequestText } from 'node:stream/consumers'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { apiError, encodeMessage, requestId, type FakeReply } from './bedrock-replies.js'
import { problemOf } from './check-converse-request.js'
import { titanProblemOf } from './check-titan-request.js'
import { signatureProblem, type SigningKey } from './verify-sigv4.js'

export interface RecordedRequest {
  method: string
  /** The decoded path (`/model/amazon.nova-lite-v1:0/converse`). */
  path: string
  /** The model id or inference profile id of the path; undefined on other routes. */
  modelId?: string
  /** Whether it asked for `/converse-stream`. */
  streaming: boolean
  /** The operation of the path: `converse`, `converse-stream` or `invoke` (InvokeModel, for embeddings). */
  operation?: string
  headers: IncomingHttpHeaders
  /** The parsed JSON body (undefined for an empty or unreadable body). */
  body: any
}

/** Answers a correctly signed, valid Converse request: a fixed reply, or a function of the recorded request. */
export type FakeHandler = FakeReply | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>)

export interface FakeBedrock {
  /** The base URL to configure a provider with (the SDK adds `/model/{modelId}/converse`). */
  url: string
  /** The secret access key the stand-in takes (a record's `apiKey`). */
  apiKey: string
  accessKeyId: string
  region: string
  /** Every request received, in order, refused ones included. */
  requests: RecordedRequest[]
  /** Stops the server, cutting any open connection. */
  close(): Promise<void>
}

/** Credentials shaped like IAM's (AWS's documented example key pair). */
export const standInKey: SigningKey = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' }

const route = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/

/**
 * Starts a local stand-in for the Bedrock Runtime Converse API on 127.0.0.1 and a free port. It
 * refuses what Bedrock refuses, in its error format (`x-amzn-errortype` and `{"message"}`): a
 * request not signed with SigV4 by the stand-in's key for its region (403
 * `UnrecognizedClientException` or `InvalidSignatureException`), a route it does not serve (404
 * `UnknownOperationException`) and a body that breaks the documented Converse request or, on
 * `/invoke`, Titan Text Embeddings' request (400
 * `ValidationException`). Valid requests get `handler`'s reply, streamed ones framed as
 * `application/vnd.amazon.eventstream`.
 */
export async function startFakeBedrock(handler: FakeHandler, key: SigningKey = standInKey): Promise<FakeBedrock> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })

  async function replyTo(req: IncomingMessage, rawPath: string, text: string, request: RecordedRequest): Promise<FakeReply> {
    const refused = await signatureProblem({ method: request.method, rawPath, headers: req.headers, body: text }, key)
    if (refused) return apiError(403, refused.type, refused.message)
    if (request.method !== 'POST' || !request.modelId) return apiError(404, 'UnknownOperationException', '')
    const problem = request.operation === 'invoke' ? titanProblemOf(request.modelId, request.body) : problemOf(request.body)
    if (problem) return apiError(400, 'ValidationException', problem)
    return typeof handler === 'function' ? handler(request) : handler
  }

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const text = await readRequestText(req)
    const rawPath = (req.url ?? '/').replace(/\?.*$/, '')
    const path = decodeURIComponent(rawPath)
    const matched = route.exec(path)
    const request: RecordedRequest = { method: req.method ?? 'GET', path, modelId: matched?.[1], streaming: matched?.[2] === 'converse-stream', operation: matched?.[2], headers: req.headers, body: parsed(text) }
    requests.push(request)
    const reply = await replyTo(req, rawPath, text, request)
    if ('hang' in reply) return
    if (res.destroyed) return
    const common = { 'x-amzn-requestid': requestId(), date: new Date().toUTCString() }
    if ('json' in reply) {
      res.writeHead(reply.status ?? 200, { ...common, 'content-type': 'application/json', ...(reply.errorType && { 'x-amzn-errortype': reply.errorType }), ...reply.headers })
      res.end(JSON.stringify(reply.json))
      return
    }
    res.writeHead(200, { ...common, 'content-type': 'application/vnd.amazon.eventstream', 'transfer-encoding': 'chunked' })
    res.flushHeaders()
    for (const message of reply.messages) {
      if (reply.messageDelayMs) await sleep(reply.messageDelayMs)
      if (res.destroyed) return
      // Flushed one by one, so that a dropped connection drops only what comes after.
      await new Promise<void>((resolve) => res.write(encodeMessage(message), () => resolve()))
    }
    if (reply.then === 'drop') res.destroy()
    else if (reply.then !== 'hang') res.end()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: key.secretAccessKey,
    accessKeyId: key.accessKeyId,
    region: key.region,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

