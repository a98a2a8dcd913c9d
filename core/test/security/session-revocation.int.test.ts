import type { ChildProcess } from 'node:child_process'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restPrefix, type TroupeClient } from '@troupe/sdk'
import { flowBody, node } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { launchTroupe, sharedServerEnv } from '../processes.js'
import { connectSocket, recordEvents, settle } from '../socket.js'
import { login, signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { freshPostgresDatabase, startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * Sessions do not outlive what authorised them. An open SSE stream or Socket.IO connection of a
 * user who is removed, erased, logged out, has their password changed, a refresh token reused or
 * an API key deleted closes within a second; a demoted user's connection stays but stops at once
 * receiving what the new role may not read. Removals are made over REST and over Socket.IO.
 */

const withinMs = 1000

let server: TestServer
let tenant: TestTenant
let longFlowId: string
const cleanup: Array<() => unknown> = []

beforeAll(async () => {
  server = await startTestServer()
  tenant = await signupTenant(server.url)
  longFlowId = (await created(tenant.admin, '/flows', flowBody('long', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 120_000 }), node('out', 'flow.output')], [['in', 'wait'], ['wait', 'out']]))).id
})
afterAll(async () => {
  await Promise.all(cleanup.map(async (close) => close()))
  await server?.close()
})

/** An execution that keeps running (and its stream open) until cancelled. */
async function longExecution(url = server.url, token = tenant.admin.accessToken, flowId = longFlowId): Promise<string> {
  const response = await httpClient(url, token).post('/executions', { flowId, input: {} })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  const id = response.body.id as string
  cleanup.push(() => httpClient(url, token).patch(`/executions/${id}`, { status: 'cancelled' }))
  return id
}

/** Opens the SSE stream of `executionId` with `token` and follows it until the server ends it. */
async function openStream(token: string, executionId: string, url = server.url) {
  const abort = new AbortController()
  cleanup.push(() => abort.abort())
  const response = await fetch(`${url}${restPrefix}/executions/${executionId}/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal })
  expect(response.status).toBe(200)
  let endedAt: number | undefined
  const reader = response.body!.getReader()
  void (async () => {
    for (;;) {
      // A stream the server ends and one that breaks off both count as closed.
      const { done } = await reader.read().catch(() => ({ done: true }))
      if (done) break
    }
    endedAt = performance.now()
  })()
  return { open: () => endedAt === undefined, endedAt: () => endedAt }
}

/** A Socket.IO connection authenticated in its handshake (access token or API key). */
async function handshakeSocket(token: string, url = server.url): Promise<Socket & { disconnectedAt?: number }> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { authorization: `Bearer ${token}` } }) as Socket & { disconnectedAt?: number }
  cleanup.push(() => socket.close())
  socket.on('disconnect', () => (socket.disconnectedAt = performance.now()))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', reject)
  })
  return socket
}

/** The SDK's Socket.IO client, authenticated with the `authentication` call. */
async function sdkSocket(token: string, url = server.url): Promise<{ client: TroupeClient; disconnected: () => number | undefined }> {
  const client = await connectSocket(url, token)
  cleanup.push(() => client.close())
  let at: number | undefined
  ;(client.io as unknown as Socket).on('disconnect', () => (at = performance.now()))
  return { client, disconnected: () => at }
}

/** Asserts `happened()` reports a time no later than `withinMs` after `since`. */
async function closedWithin(happened: () => number | undefined, since: number, what: string) {
  await expect.poll(happened, { timeout: 5000, message: `${what} still open` }).toBeDefined()
  expect(happened()! - since, `${what} closed late`).toBeLessThan(withinMs)
}

const socketCall = (socket: Socket, method: string, ...args: unknown[]) =>
  new Promise<{ error?: { code: number }; result?: unknown }>((resolve) => socket.emit(method, ...args, (error: { code: number } | null, result: unknown) => resolve(error ? { error } : { result })))

describe('a removed user', () => {
  for (const over of ['REST', 'Socket.IO'] as const) {
    it(`loses every SSE stream and socket within a second (removed over ${over})`, async () => {
      const leaving = await tenant.addUser('member')
      const key = (await created(leaving, '/api-keys', { name: 'script' })).key
      const executionId = await longExecution()
      const streams = [await openStream(leaving.accessToken, executionId), await openStream(key, executionId)]
      const sockets = [await handshakeSocket(leaving.accessToken), await handshakeSocket(key)]
      const sdk = await sdkSocket(leaving.accessToken)
      const bystander = await openStream(tenant.admin.accessToken, executionId)

      const since = performance.now()
      if (over === 'REST') expect((await tenant.admin.http.delete(`/users/${leaving.id}`)).status).toBe(200)
      else {
        const admin = await handshakeSocket(tenant.admin.accessToken)
        expect((await socketCall(admin, 'remove', 'users', leaving.id, {})).error).toBeUndefined()
      }

      for (const [index, stream] of streams.entries()) await closedWithin(stream.endedAt, since, `stream ${index}`)
      for (const [index, socket] of sockets.entries()) await closedWithin(() => socket.disconnectedAt, since, `socket ${index}`)
      await closedWithin(sdk.disconnected, since, 'SDK socket')
      await settle(200)
      expect(bystander.open()).toBe(true)
      // And nothing opens again.
      const again = await fetch(`${server.url}${restPrefix}/executions/${executionId}/events`, { headers: { authorization: `Bearer ${key}` } })
      expect(again.status).toBe(401)
    })
  }
})

describe('an erased user (GDPR)', () => {
  it('loses every SSE stream and socket within a second', async () => {
    const erased = await tenant.addUser('member')
    const key = (await created(erased, '/api-keys', { name: 'script' })).key
    const executionId = await longExecution()
    const streams = [await openStream(erased.accessToken, executionId), await openStream(key, executionId)]
    const socket = await handshakeSocket(erased.accessToken)
    const since = performance.now()
    expect((await tenant.admin.http.post('/gdpr/erase', { userId: erased.id })).status).toBe(201)
    for (const stream of streams) await closedWithin(stream.endedAt, since, 'stream')
    await closedWithin(() => socket.disconnectedAt, since, 'socket')
  })
})

describe('an erased tenant (GDPR)', () => {
  it('loses every SSE stream and socket of its users within a second, and no other tenant\'s', async () => {
    const doomed = await signupTenant(server.url)
    const flow = await created(doomed.admin, '/flows', flowBody('long', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 120_000 }), node('out', 'flow.output')], [['in', 'wait'], ['wait', 'out']]))
    const executionId = await longExecution(server.url, doomed.admin.accessToken, flow.id)
    const stream = await openStream(doomed.admin.accessToken, executionId)
    const socket = await handshakeSocket(doomed.admin.accessToken)
    const bystander = await handshakeSocket(tenant.admin.accessToken)
    const since = performance.now()
    expect((await doomed.admin.http.post('/gdpr/erase', { scope: 'tenant' })).status).toBe(201)
    await closedWithin(stream.endedAt, since, 'stream')
    await closedWithin(() => socket.disconnectedAt, since, 'socket')
    await settle(300)
    expect(bystander.connected).toBe(true)
  })
})

describe('revoked sessions', () => {
  it('a password set by an admin closes every stream and socket of that user', async () => {
    const user = await tenant.addUser('member')
    const executionId = await longExecution()
    const stream = await openStream(user.accessToken, executionId)
    const socket = await handshakeSocket(user.accessToken)
    const since = performance.now()
    expect((await tenant.admin.http.patch(`/users/${user.id}`, { password: 'set by the admin now' })).status).toBe(200)
    await closedWithin(stream.endedAt, since, 'stream')
    await closedWithin(() => socket.disconnectedAt, since, 'socket')
  })

  it('changing your own password over Socket.IO closes your other sessions, not the one that changed it', async () => {
    const user = await tenant.addUser('member')
    const other = await login(server.url, user.email, user.password)
    const executionId = await longExecution()
    const otherStream = await openStream(other.accessToken, executionId)
    const here = await sdkSocket(user.accessToken)
    const hereStream = await openStream(user.accessToken, executionId)
    const since = performance.now()
    await here.client.service('users').patch(user.id, { password: 'my own new password', currentPassword: user.password })
    await closedWithin(otherStream.endedAt, since, 'the other session\'s stream')
    await settle(300)
    expect(hereStream.open()).toBe(true)
    expect(here.disconnected()).toBeUndefined()
    expect((await here.client.service('flows').find()).total).toBeGreaterThanOrEqual(1)
  })

  it('a logout over REST closes the streams and sockets of that session, and only of that one', async () => {
    const user = await tenant.addUser('member')
    const first = await login(server.url, user.email, user.password)
    const second = await login(server.url, user.email, user.password)
    const executionId = await longExecution()
    const streamOfFirst = await openStream(first.accessToken, executionId)
    const socketOfFirst = await handshakeSocket(first.accessToken)
    const streamOfSecond = await openStream(second.accessToken, executionId)
    const since = performance.now()
    expect((await httpClient(server.url, first.accessToken).delete('/authentication')).status).toBe(200)
    await closedWithin(streamOfFirst.endedAt, since, 'stream')
    await closedWithin(() => socketOfFirst.disconnectedAt, since, 'socket')
    await settle(300)
    expect(streamOfSecond.open()).toBe(true)
  })

  it('a logout over Socket.IO leaves that connection open (anonymous) and closes the session\'s stream', async () => {
    const user = await tenant.addUser('member')
    const session = await login(server.url, user.email, user.password)
    const executionId = await longExecution()
    const stream = await openStream(session.accessToken, executionId)
    const socket = await handshakeSocket(session.accessToken)
    const since = performance.now()
    expect((await socketCall(socket, 'remove', 'authentication', null, {})).error).toBeUndefined()
    await closedWithin(stream.endedAt, since, 'stream')
    await settle(300)
    expect(socket.connected).toBe(true)
    expect((await socketCall(socket, 'find', 'flows', {})).error).toMatchObject({ code: 401 })
  })

  it('a reused refresh token ends its family: the streams of that session close', async () => {
    const user = await tenant.addUser('member')
    const session = await login(server.url, user.email, user.password)
    const rotated = await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: session.refreshToken })
    expect(rotated.status).toBe(201)
    const executionId = await longExecution()
    const stream = await openStream(rotated.body.accessToken, executionId)
    const since = performance.now()
    expect((await httpClient(server.url).post('/authentication', { strategy: 'refresh', refreshToken: session.refreshToken })).status).toBe(401)
    await closedWithin(stream.endedAt, since, 'stream')
  })

  it('deleting an API key closes what it opened, and nothing of its owner\'s other sessions', async () => {
    const user = await tenant.addUser('member')
    const key = await created(user, '/api-keys', { name: 'to delete' })
    const executionId = await longExecution()
    const keyStream = await openStream(key.key, executionId)
    const keySocket = await handshakeSocket(key.key)
    const userStream = await openStream(user.accessToken, executionId)
    const since = performance.now()
    expect((await user.http.delete(`/api-keys/${key.id}`)).status).toBe(200)
    await closedWithin(keyStream.endedAt, since, 'stream')
    await closedWithin(() => keySocket.disconnectedAt, since, 'socket')
    await settle(300)
    expect(userStream.open()).toBe(true)
  })
})

describe('a demoted admin', () => {
  it('stops at once receiving what a viewer may not read, over a socket that stays open, and keeps its stream', async () => {
    const demoted = await tenant.addUser('admin')
    const executionId = await longExecution()
    const stream = await openStream(demoted.accessToken, executionId)
    const viaHandshake = await handshakeSocket(demoted.accessToken)
    const seenByHandshake: string[] = []
    viaHandshake.on('users created', (user: { id: string }) => seenByHandshake.push(user.id))
    const viaSdk = await sdkSocket(demoted.accessToken)
    const users = recordEvents(viaSdk.client, 'users', ['created'])
    const flows = recordEvents(viaSdk.client, 'flows', ['created'])

    const before = await tenant.addUser('viewer')
    await settle()
    expect(users.map((entry) => entry.data.id)).toContain(before.id)
    expect(seenByHandshake).toContain(before.id)

    expect((await tenant.admin.http.patch(`/users/${demoted.id}`, { role: 'viewer' })).status).toBe(200)
    // Right away, with no pause for the change to settle.
    const after = await tenant.addUser('member')
    await created(tenant.admin, '/flows', { name: 'a viewer may read this' })
    await settle()
    expect(users.map((entry) => entry.data.id)).not.toContain(after.id)
    expect(seenByHandshake).not.toContain(after.id)
    expect(flows.map((entry) => entry.data.name)).toContain('a viewer may read this')
    expect(viaHandshake.connected).toBe(true)
    expect(viaSdk.disconnected()).toBeUndefined()
    // A viewer may read executions: the stream goes on.
    expect(stream.open()).toBe(true)
    // And its calls are a viewer's.
    expect((await socketCall(viaHandshake, 'create', 'flows', { name: 'no longer allowed' }, {})).error).toMatchObject({ code: 403 })
  })

  it('through an API key capped lower, keeps the key\'s narrower role', async () => {
    const admin = await tenant.addUser('admin')
    const key = (await created(admin, '/api-keys', { name: 'viewer key', role: 'viewer' })).key
    const socket = await handshakeSocket(key)
    const seen: string[] = []
    socket.on('users created', (user: { id: string }) => seen.push(user.id))
    expect((await tenant.admin.http.patch(`/users/${admin.id}`, { role: 'member' })).status).toBe(200)
    const added = await tenant.addUser('viewer')
    await settle()
    expect(seen).not.toContain(added.id)
    expect((await socketCall(socket, 'create', 'flows', { name: 'viewer key' }, {})).error).toMatchObject({ code: 403 })
  })
})

// Several API instances: the change is made on one, the stream is open on the other.
const multiInstance = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL)

describe.skipIf(!multiInstance)('on another API instance (PostgreSQL + Redis)', () => {
  const children: ChildProcess[] = []
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
  let api1: string
  let api2: string
  let other: TestTenant

  beforeAll(async () => {
    database = await freshPostgresDatabase(process.env.DATABASE_URL!)
    const env = sharedServerEnv('revocation', database.url, {
      TROUPE_RATE_LIMIT: '100000'
    })
    // One after the other: two first starts on one fresh database would race to migrate it.
    api1 = (await launchTroupe('start', env, children)).url!
    api2 = (await launchTroupe('start', env, children)).url!
    other = await signupTenant(api2)
  }, 120_000)
  afterAll(async () => {
    // What these tests left open on the instances goes before the instances do.
    await Promise.all(cleanup.splice(0).map(async (close) => close()))
    for (const child of children) child.kill('SIGKILL')
    await database?.drop()
  })

  const member = async (): Promise<TestUser> => other.addUser('member')

  it('a user removed through one instance loses its streams and sockets on the other', async () => {
    const flow = await created(other.admin, '/flows', flowBody('queued', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    // Queue mode without workers: the execution stays queued, its stream open.
    const executionId = await longExecution(api2, other.admin.accessToken, flow.id)
    const leaving = await member()
    const stream = await openStream(leaving.accessToken, executionId, api1)
    const socket = await handshakeSocket(leaving.accessToken, api1)
    const since = performance.now()
    expect((await httpClient(api2, other.admin.accessToken).delete(`/users/${leaving.id}`)).status).toBe(200)
    await closedWithin(stream.endedAt, since, 'stream on the other instance')
    await closedWithin(() => socket.disconnectedAt, since, 'socket on the other instance')
  })

  it('a logout through one instance closes that session\'s stream on the other', async () => {
    const flow = await created(other.admin, '/flows', flowBody('queued', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const executionId = await longExecution(api2, other.admin.accessToken, flow.id)
    const user = await member()
    const stream = await openStream(user.accessToken, executionId, api1)
    const since = performance.now()
    expect((await httpClient(api2, user.accessToken).delete('/authentication')).status).toBe(200)
    await closedWithin(stream.endedAt, since, 'stream on the other instance')
  })
})
