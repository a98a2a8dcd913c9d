import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { text as readRequestText } from 'node:stream/consumers'
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { apiVersions, chatCompletionsRequestSchema, embeddingsRequestSchema } from './azure-request-schemas.js'
import { accessDenied, azureError, type FakeAzureReply } from './fake-azure-replies.js'

export * from './fake-azure-replies.js'
export { apiVersions } from './azure-request-schemas.js'

export type Operation = 'chat/completions' | 'embeddings'

export interface RecordedRequest {
  method: string
  /** The path, without the query. */
  path: string
  /** The `api-version` query parameter, null when missing. */
  apiVersion: string | null
  headers: IncomingHttpHeaders
  /** The parsed JSON body (undefined for an empty or unreadable one). */
  body: any
  /** The deployment named in the path, when the path has one. */
  deployment?: string
  operation?: Operation
  /** The model the deployment runs, as Azure reports it in answers (`gpt-4o-mini-2024-07-18`). */
  model?: string
}

export type FakeHandler = FakeAzureReply | ((request: RecordedRequest) => FakeAzureReply | Promise<FakeAzureReply>)

/** A deployment of the stand-in's resource: the model it runs and how it answers each operation it serves. */
export interface FakeDeployment {
  model: string
  chat?: FakeHandler
  embeddings?: FakeHandler
}

export interface FakeAzureOpenAiOptions {
  /** The resource's key; a request without it in `api-key` is refused with Azure's 401. */
  apiKey: string
  /** Deployments by name. */
  deployments: Record<string, FakeDeployment>
}

export interface FakeAzureOpenAi {
  /** The resource endpoint to configure a provider with (`http://127.0.0.1:<port>`, like `https://<resource>.openai.azure.com`). */
  url: string
  /** Every request received, in order, valid or not. */
  requests: RecordedRequest[]
  /** Stops the server, cutting any open connection. */
  close(): Promise<void>
}

// `discriminator` picks a message's schema by its role, so a wrong message gets that schema's errors only.
const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true })
const validators = new Map<string, ValidateFunction>(
  Object.entries(apiVersions).flatMap(([version, features]) => [
    [`${version} chat/completions`, ajv.compile(chatCompletionsRequestSchema(features))],
    [`${version} embeddings`, ajv.compile(embeddingsRequestSchema)]
  ])
)

const route = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/
const operationNames: Record<Operation, string> = { 'chat/completions': 'chatCompletion', embeddings: 'embeddings' }

/**
 * Starts a stand-in for an Azure OpenAI resource on 127.0.0.1 and a free port, speaking its wire
 * protocol over real HTTP: `POST /openai/deployments/{deployment}/chat/completions` and
 * `/embeddings` with an `api-version` query parameter it knows and the resource's key in the
 * `api-key` header, each body checked against the api-version's documented request schema. What
 * is wrong is answered in Azure's error format: 401 without the key, 404 for an unknown path,
 * api-version or deployment, 400 `OperationNotSupported` for an operation the deployment's model
 * does not serve, 400 `invalid_request_error` naming each problem of the body. Every response
 * carries Azure's `apim-request-id` and `x-ms-region` headers.
 */
export async function startFakeAzureOpenAi({ apiKey, deployments }: FakeAzureOpenAiOptions): Promise<FakeAzureOpenAi> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, { status: 500, json: { error: { code: 'InternalServerError', message: `The stand-in failed: ${error.message}` } } })
      else res.end()
    })
  })

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const text = await readRequestText(req)
    const request: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, apiVersion: url.searchParams.get('api-version'), headers: req.headers, body: undefined }
    requests.push(request)
    const match = route.exec(url.pathname)
    if (req.method !== 'POST' || !match) return send(res, azureError(404, { code: '404', message: 'Resource not found' }))
    if (req.headers['api-key'] !== apiKey) return send(res, accessDenied())
    if (!request.apiVersion || !(request.apiVersion in apiVersions)) return send(res, azureError(404, { code: '404', message: 'Resource not found' }))
    const [, encodedName, operation] = match as unknown as [string, string, Operation]
    request.deployment = decodeURIComponent(encodedName)
    request.operation = operation
    const deployment = deployments[request.deployment]
    if (!deployment) {
      return send(res, azureError(404, { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' }))
    }
    request.model = deployment.model
    const handler = operation === 'embeddings' ? deployment.embeddings : deployment.chat
    if (!handler) {
      return send(res, azureError(400, { code: 'OperationNotSupported', message: `The ${operationNames[operation]} operation does not work with the specified model, ${deployment.model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.` }))
    }
    try {
      request.body = JSON.parse(text)
    } catch (error) {
      return send(res, azureError(400, { message: `We could not parse the JSON body of your request. (${(error as Error).message})`, type: 'invalid_request_error', param: null, code: null }))
    }
    const streaming = request.body as { stream?: boolean; stream_options?: { include_usage?: boolean } }
    const validate = validators.get(`${request.apiVersion} ${operation}`)!
    if (!validate(request.body)) return send(res, azureError(400, { message: describeProblems(validate.errors ?? []), type: 'invalid_request_error', param: null, code: null }))
    const reply = typeof handler === 'function' ? await handler(request) : handler
    if ('chunks' in reply && streaming.stream !== true) throw new Error('a stream was scripted for a request that does not stream')
    await send(res, reply, streaming.stream_options?.include_usage === true)
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

/** Writes a reply: a JSON body, or server-sent events (the usage chunk only when it was asked for). */
async function send(res: ServerResponse, reply: FakeAzureReply, includeUsage = false) {
  if ('hang' in reply) return
  if (reply.delayMs) await sleep(reply.delayMs)
  if (res.destroyed) return
  const azureHeaders = { 'apim-request-id': randomUUID(), 'x-ms-region': 'Sweden Central' }
  if ('json' in reply) {
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...azureHeaders, ...reply.headers })
    res.end(JSON.stringify(reply.json))
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...azureHeaders })
  for (const chunk of reply.chunks) {
    if (!includeUsage && isUsageChunk(chunk)) continue
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs)
    if (res.destroyed) return
    res.write(`data: ${JSON.stringify(chunk)}\n\n`)
  }
  if (reply.holdOpen) return
  if (reply.done !== false) res.write('data: [DONE]\n\n')
  res.end()
}

function isUsageChunk(chunk: unknown): boolean {
  const { choices, usage } = chunk as { choices?: unknown[]; usage?: unknown }
  return Boolean(usage) && choices?.length === 0
}

/** Each problem of a body, naming the field: an unknown one as Azure words it, the others after the schema. */
function describeProblems(errors: ErrorObject[]): string {
  const problems = errors
    // oneOf and if/then only repeat what their branches said.
    .filter(({ keyword }) => keyword !== 'oneOf' && keyword !== 'if' && keyword !== 'anyOf')
    .map(({ instancePath, keyword, params, message }) => {
      const field = instancePath.replace(/^\//, '').replaceAll('/', '.')
      if (keyword === 'additionalProperties') return `Unrecognized request argument supplied: ${[field, params.additionalProperty].filter(Boolean).join('.')}`
      if (keyword === 'required') return `'${[field, params.missingProperty].filter(Boolean).join('.')}' is a required property`
      return `'${field || 'body'}' ${message}`
    })
  return [...new Set(problems)].join('; ') || 'Invalid request body'
}

