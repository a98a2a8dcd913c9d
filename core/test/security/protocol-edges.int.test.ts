import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restPrefix } from '@troupe/sdk'
import { httpClient } from '../http.js'
import { login, signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { rawRequest } from './hostile.js'

/**
 * Service paths and methods a client makes up: names of `Object.prototype` members (`__proto__`,
 * `constructor`, ...), paths that are not strings, unknown methods, and `DELETE` on the
 * authentication service with any id. Each is a clean 4xx with no stack, no server path and no
 * internals, over Socket.IO and over REST alike.
 */

let server: TestServer
let tenant: TestTenant
const sockets: Socket[] = []

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  for (const socket of sockets) socket.close()
  await server?.close()
})

// Members of Object.prototype: Feathers' router keeps routes in plain objects, where these resolve.
const prototypeNames = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf', 'isPrototypeOf']
const madeUpPaths = [...prototypeNames, ...prototypeNames.map((name) => `flows/${name}`), ...prototypeNames.map((name) => `hooks/${name}/x`), 'prototype', 'nothing-here', '']

/** Nothing of the server's insides: no stack frame, no file path, no JavaScript error name. */
function expectClean(answer: unknown, where: string) {
  const text = JSON.stringify(answer)
  expect(text, where).not.toMatch(/stack|node_modules|\/work\/|\.js:\d+|\.ts:\d+|at [\w.<>]+ \(|TypeError|ReferenceError|is not a function/)
}

async function connected(token?: string): Promise<Socket> {
  const socket = io(server.url, { transports: ['websocket'], forceNew: true, ...(token ? { extraHeaders: { authorization: `Bearer ${token}` } } : {}) })
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', reject)
  })
  return socket
}

/** Emits a raw Feathers call and answers what the acknowledgement carried. */
function emitCall(socket: Socket, method: string, ...args: unknown[]): Promise<{ error?: Record<string, unknown>; result?: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${method} ${JSON.stringify(args[0])}`)), 10_000)
    socket.emit(method, ...args, (error: Record<string, unknown> | null, result: unknown) => {
      clearTimeout(timer)
      resolve(error ? { error } : { result })
    })
  })
}

describe('made-up service paths over Socket.IO', () => {
  for (const authenticated of [false, true]) {
    it(`answer a clean 404 to every method (${authenticated ? 'authenticated' : 'anonymous'})`, async () => {
      const socket = await connected(authenticated ? tenant.admin.accessToken : undefined)
      for (const path of madeUpPaths) {
        for (const [method, args] of [
          ['find', [{}]],
          ['get', ['x', {}]],
          ['create', [{}, {}]],
          ['patch', ['x', {}, {}]],
          ['remove', ['x', {}]]
        ] as const) {
          const answer = await emitCall(socket, method, path, ...args)
          expect(answer.error, `${method} ${path}`).toMatchObject({ code: 404, name: 'NotFound' })
          expectClean(answer, `${method} ${path}`)
        }
      }
    })
  }

  it('answer a path that is not a string with a clean 404, and the connection keeps working', async () => {
    const socket = await connected(tenant.admin.accessToken)
    for (const path of [null, 42, { __proto__: { polluted: true } }, ['flows'], true]) {
      const answer = await emitCall(socket, 'find', path, {})
      expect(answer.error, JSON.stringify(path)).toMatchObject({ code: 404 })
      expectClean(answer, JSON.stringify(path))
    }
    expect((await emitCall(socket, 'find', 'flows', {})).result).toMatchObject({ total: expect.any(Number) })
  })

  it('answer a method a real service does not have with a clean 405', async () => {
    const socket = await connected(tenant.admin.accessToken)
    expect((await emitCall(socket, 'find', 'node-types', {})).result).toBeDefined()
    for (const [method, path, ...args] of [
      ['update', 'users', tenant.admin.id, {}, {}],
      ['create', 'node-types', {}, {}],
      ['remove', 'audit-logs', 'x', {}]
    ] as const) {
      const answer = await emitCall(socket, method, path, ...args)
      expect(answer.error, `${method} ${path}`).toMatchObject({ code: 405 })
      expectClean(answer, `${method} ${path}`)
    }
  })

  it('hide the details of an unexpected failure behind a clean 500', async () => {
    const socket = await connected(tenant.admin.accessToken)
    const service = server.app.service('flows') as unknown as { find: (...args: unknown[]) => unknown }
    const find = service.find
    service.find = async () => {
      throw new TypeError(`boom at ${import.meta.url}`)
    }
    try {
      const answer = await emitCall(socket, 'find', 'flows', {})
      expect(answer.error).toMatchObject({ code: 500, name: 'GeneralError', message: 'Internal server error' })
      expectClean(answer, 'a TypeError thrown by a service')
      expect(JSON.stringify(answer)).not.toContain('boom')
    } finally {
      service.find = find
    }
  })
})

describe('made-up service paths over REST', () => {
  it('answer a clean 404, authenticated or not', async () => {
    for (const token of [undefined, tenant.admin.accessToken]) {
      for (const path of madeUpPaths.filter(Boolean)) {
        for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
          const answer = await rawRequest(server.url, `${restPrefix}/${path}`, {
            method,
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: method === 'GET' || method === 'DELETE' ? undefined : '{}'
          })
          expect(answer.status, `${method} ${path}`).toBe(404)
          expect(JSON.parse(answer.text)).toMatchObject({ name: 'NotFound', code: 404 })
          expectClean(answer.text, `${method} ${path}`)
        }
      }
    }
  })
})

describe('DELETE /authentication/<anything>', () => {
  const ids = ['x', 'null', 'prototype', '0', 'a'.repeat(2000), encodeURIComponent('{"$ne":null}')]

  it('answers 404 for an id named like a member of Object.prototype (no such route), with or without credentials', async () => {
    for (const token of [undefined, tenant.admin.accessToken]) {
      for (const id of prototypeNames) {
        const answer = await rawRequest(server.url, `${restPrefix}/authentication/${id}`, { method: 'DELETE', headers: token ? { authorization: `Bearer ${token}` } : {} })
        expect(answer.status, id).toBe(404)
        expectClean(answer.text, id)
      }
    }
    expect((await httpClient(server.url, tenant.admin.accessToken).get('/flows')).status).toBe(200)
  })

  it('answers 401 without credentials, whatever the id', async () => {
    for (const id of ['', ...ids]) {
      const answer = await rawRequest(server.url, `${restPrefix}/authentication${id ? `/${id}` : ''}`, { method: 'DELETE' })
      expect(answer.status, id).toBe(401)
      expect(JSON.parse(answer.text)).toMatchObject({ name: 'NotAuthenticated' })
      expectClean(answer.text, id)
    }
  })

  it('answers 401 when the id is not the access token in use, and the session goes on', async () => {
    const session = await login(server.url, tenant.admin.email, tenant.admin.password)
    for (const id of ids) {
      const answer = await rawRequest(server.url, `${restPrefix}/authentication/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.accessToken}` } })
      expect(answer.status, id).toBe(401)
      expectClean(answer.text, id)
    }
    expect((await httpClient(server.url, session.accessToken).get('/flows')).status).toBe(200)
  })

  it('logs out when the id is the access token in use (the documented form), as without an id', async () => {
    for (const withId of [true, false]) {
      const session = await login(server.url, tenant.admin.email, tenant.admin.password)
      const path = `${restPrefix}/authentication${withId ? `/${session.accessToken}` : ''}`
      const answer = await rawRequest(server.url, path, { method: 'DELETE', headers: { authorization: `Bearer ${session.accessToken}` } })
      expect(answer.status).toBe(200)
      expect(answer.text).not.toContain(session.refreshToken)
      expect((await httpClient(server.url, session.accessToken).get('/flows')).status).toBe(401)
    }
  })

  it('answers the same over Socket.IO: a made-up id is a clean 401, the own token logs out', async () => {
    const session = await login(server.url, tenant.admin.email, tenant.admin.password)
    const socket = await connected(session.accessToken)
    for (const id of ids) {
      const answer = await emitCall(socket, 'remove', 'authentication', id, {})
      expect(answer.error, id).toMatchObject({ code: 401 })
      expectClean(answer, id)
    }
    const anonymous = await connected()
    const refused = await emitCall(anonymous, 'remove', 'authentication', 'x', {})
    expect(refused.error).toMatchObject({ code: 401 })
    expectClean(refused, 'anonymous remove')
    expect((await emitCall(socket, 'remove', 'authentication', session.accessToken, {})).result).toBeDefined()
    expect((await httpClient(server.url, session.accessToken).get('/flows')).status).toBe(401)
  })
})
