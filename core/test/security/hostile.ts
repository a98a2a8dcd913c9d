import { request as httpRequest } from 'node:http'
import { expect } from 'vitest'
import { restPrefix, type TroupeClient } from '@troupe/sdk'
import type { HttpClient, HttpResponse } from '../http.js'
import type { TestUser } from '../tenants.js'

/** What a call answered, REST or Socket.IO alike: a status and a body (or the error). */
export interface Outcome {
  status: number
  body: any
}

export type Verb = 'find' | 'get' | 'create' | 'update' | 'patch' | 'remove'

/** A REST call of one service method, answering its status and body instead of throwing. */
export function restCall(http: HttpClient, verb: Verb, path: string, id?: string, body?: unknown, query = ''): Promise<HttpResponse> {
  const item = id === undefined ? `/${path}` : `/${path}/${id}`
  switch (verb) {
    case 'find':
      return http.get(`/${path}${query}`)
    case 'get':
      return http.get(`${item}${query}`)
    case 'create':
      return http.post(`/${path}${query}`, body ?? {})
    case 'update':
      return http.put(item, body ?? {})
    case 'patch':
      return http.patch(item, body ?? {})
    case 'remove':
      return http.delete(item)
  }
}

/** The same call over Socket.IO through the SDK client; a rejection becomes its code and error. */
export async function socketCall(client: TroupeClient, verb: Verb, path: string, id?: string, body?: unknown, query: Record<string, unknown> = {}): Promise<Outcome> {
  const service = client.service(path as 'flows') as unknown as Record<Verb, (...args: unknown[]) => Promise<unknown>>
  const params = { query }
  try {
    const value =
      verb === 'find'
        ? await service.find(params)
        : verb === 'create'
          ? await service.create(body ?? {}, params)
          : verb === 'get' || verb === 'remove'
            ? await service[verb](id, params)
            : await service[verb](id, body ?? {}, params)
    return { status: verb === 'create' ? 201 : 200, body: value }
  } catch (error) {
    const { code, name, message, data } = error as { code?: number; name?: string; message?: string; data?: unknown }
    return { status: typeof code === 'number' ? code : 0, body: { name, message, data } }
  }
}

/** Sends a request exactly as written (fetch would normalise the path), answering status and text. */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: { accept: 'application/json', ...options.headers } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }))
      }
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

/** Reads the SSE stream of an execution: its status and text (all frames; only for finished runs, whose stream ends). */
export async function openEventStream(baseUrl: string, executionId: string, token?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}${restPrefix}/executions/${executionId}/events`, {
    headers: token ? { authorization: `Bearer ${token}` } : {}
  })
  return { status: response.status, text: await response.text() }
}

/** Posts and asserts 201, answering the created record. */
export async function created(user: Pick<TestUser, 'http'>, path: string, body: unknown): Promise<any> {
  const response = await user.http.post(path, body)
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(201)
  return response.body
}

/** Polls `read` until it answers something other than `undefined`. */
export async function waitFor<T>(read: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** A JSON text nested `depth` levels deep (built as text: `JSON.stringify` itself gives up on such depths). */
export function deeplyNested(depth: number, open = '{"a":', close = '}', leaf = '1'): string {
  return open.repeat(depth) + leaf + close.repeat(depth)
}

/** The server runs in this process, so pollution of Object.prototype or globals would show here. */
export function expectNoPollution() {
  const probe = {} as Record<string, unknown>
  expect(probe.polluted).toBeUndefined()
  expect(Object.prototype).not.toHaveProperty('polluted')
  expect((globalThis as Record<string, unknown>).pwned).toBeUndefined()
}

/** Asserts that none of `secrets` appears in `text`, naming the first one found. */
export function expectFreeOf(text: string, secrets: Record<string, string>, where: string) {
  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret.length, `${name} is a real value`).toBeGreaterThanOrEqual(16)
    expect(text.includes(secret), `${name} leaked through ${where}`).toBe(false)
  }
}

/**
 * Sends one Socket.IO call whose arguments are given as JSON text, written straight onto the
 * connection (the client's own encoder gives up on bodies nested thousands of levels deep).
 * Answers the error code of the acknowledgement, 0 for a success, or -1 when none came.
 */
export async function rawSocketCall(baseUrl: string, token: string, method: string, path: string, argumentsJson: string, timeoutMs = 15_000): Promise<number> {
  const { io } = await import('socket.io-client')
  const socket = io(baseUrl, { transports: ['websocket'], forceNew: true, extraHeaders: { authorization: `Bearer ${token}` } })
  try {
    return await new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(-1), timeoutMs)
      socket.on('connect', () => {
        const engine = (socket.io as unknown as { engine: { on(event: string, listener: (data: string) => void): void; write(data: string): void } }).engine
        // An ACK (type 3) of our event id 1: `31[error, result]`.
        engine.on('message', (data) => {
          if (!String(data).startsWith('31')) return
          clearTimeout(timer)
          const [error] = JSON.parse(String(data).slice(2)) as [{ code?: number } | null]
          resolve(error ? (error.code ?? 500) : 0)
        })
        engine.write(`21[${JSON.stringify(method)},${JSON.stringify(path)},${argumentsJson}]`)
      })
    })
  } finally {
    socket.close()
  }
}
