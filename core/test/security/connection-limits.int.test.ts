import { request as httpRequest } from 'node:http'
import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { restPrefix } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created } from './hostile.js'

/**
 * One client address holding everything open: many idle TCP connections, slow headers
 * (slowloris), bodies trickling in, a crowd of Socket.IO connections and SSE streams. Past each
 * cap it is refused at once (TCP reset, `connect_error`, 429), slow senders are cut off with 408
 * within the configured time, and a client from another address (127.0.0.2) is served fast all
 * along. Real streams (SSE, Socket.IO over WebSocket and long-polling, MCP) outlive the receive
 * deadlines, which only apply until a request has arrived.
 */

const caps = { http: 30, sockets: 5, sseIp: 4, sseUser: 2 }
// Short, yet longer than the event loop may stall on this machine's embedded database: Node
// counts the headers timeout from the moment it accepts a connection.
const headersTimeoutMs = 2000
const bodyTimeoutMs = 4000
const minRate = 2000

let server: TestServer
let port: number
let tenant: TestTenant
let member: TestUser
let viewer: TestUser
let longFlowId: string
const cleanup: Array<() => void> = []

beforeAll(async () => {
  server = await startTestServer({
    TROUPE_HTTP_CONNECTIONS_PER_IP: String(caps.http),
    TROUPE_SOCKETS_PER_IP: String(caps.sockets),
    TROUPE_SSE_STREAMS_PER_IP: String(caps.sseIp),
    TROUPE_SSE_STREAMS_PER_USER: String(caps.sseUser),
    TROUPE_HEADERS_TIMEOUT_MS: String(headersTimeoutMs),
    TROUPE_BODY_TIMEOUT_MS: String(bodyTimeoutMs),
    TROUPE_BODY_MIN_RATE: String(minRate),
    // Connections that answered a request stay open (idle) long enough to be counted.
    TROUPE_KEEP_ALIVE_TIMEOUT_MS: '20000'
  })
  port = Number(new URL(server.url).port)
  tenant = await signupTenant(server.url)
  // One request at a time: a signup stalls the embedded database's event loop for a while, and a
  // connection accepted meanwhile would see its headers timeout run.
  member = await tenant.addUser('member')
  viewer = await tenant.addUser('viewer')
  longFlowId = (await created(tenant.admin, '/flows', flowBody('long', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 60_000 }), node('out', 'flow.output')], [['in', 'wait'], ['wait', 'out']]))).id
})
afterAll(async () => {
  for (const close of cleanup) close()
  await server?.close()
})

/** A GET sent from `localAddress` (any 127.x.y.z is this machine), on a connection of its own. */
function getFrom(localAddress: string, path: string): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, localAddress, agent: false }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }))
    })
    request.on('error', reject)
    request.end()
  })
}

/** A raw TCP connection from 127.0.0.1, with what it received and when it closed. */
function rawConnection(onConnect: (socket: TcpSocket) => void = () => undefined) {
  const socket = tcpConnect({ host: '127.0.0.1', port })
  const started = performance.now()
  let received = ''
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)))
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
  socket.on('error', () => undefined)
  socket.once('connect', () => onConnect(socket))
  cleanup.push(() => socket.destroy())
  return { socket, closed, received: () => received }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function refusedCount(kind: string): Promise<number> {
  const metric = await server.app.get('metrics').registry.getSingleMetric('troupe_connections_refused_total')!.get()
  return metric.values.find((value) => value.labels.kind === kind)?.value ?? 0
}

describe('TCP connections per client address', () => {
  it('past the cap, a connection is reset at once, while another address is served fast', async () => {
    const refusedBefore = await refusedCount('http')
    const attempts = Array.from({ length: caps.http + 15 }, () => {
      const connection = rawConnection((socket) => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'))
      return { ...connection, outcome: Promise.race([connection.closed.then(() => 'refused' as const), sleep(1500).then(() => 'held' as const)]) }
    })
    const outcomes = await Promise.all(attempts.map((attempt) => attempt.outcome))
    const held = attempts.filter((_, index) => outcomes[index] === 'held')
    // Connections of this process's own HTTP client to the server count as well.
    expect(held.length).toBeLessThanOrEqual(caps.http)
    expect(held.length).toBeGreaterThanOrEqual(caps.http - 10)
    for (const connection of held) expect(connection.received()).toMatch(/^HTTP\/1\.1 200/)
    for (const [index, attempt] of attempts.entries()) if (outcomes[index] === 'refused') expect(attempt.received()).toBe('')
    expect(await refusedCount('http')).toBeGreaterThanOrEqual(refusedBefore + 15)

    const elsewhere = await getFrom('127.0.0.2', '/health')
    expect(elsewhere.status).toBe(200)
    expect(elsewhere.ms).toBeLessThan(1000)

    for (const connection of held) connection.socket.destroy()
    await Promise.all(held.map((connection) => connection.closed))
    await expect.poll(async () => (await getFrom('127.0.0.1', '/health')).status, { timeout: 5000 }).toBe(200)
  })
})

describe('receive deadlines', () => {
  it('cuts off slow headers (slowloris) with 408 within the headers timeout, and /health stays fast meanwhile', async () => {
    const slow = Array.from({ length: 20 }, () =>
      rawConnection((socket) => {
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\n')
        const drip = setInterval(() => socket.writable && socket.write('X-Drip: 1\r\n'), 100)
        socket.once('close', () => clearInterval(drip))
      })
    )
    await sleep(200)
    const meanwhile = await getFrom('127.0.0.2', '/health')
    expect(meanwhile.status).toBe(200)
    expect(meanwhile.ms).toBeLessThan(1000)
    for (const connection of slow) {
      const closedAfter = await connection.closed
      expect(closedAfter).toBeGreaterThanOrEqual(headersTimeoutMs - 100)
      expect(closedAfter).toBeLessThan(headersTimeoutMs + 1500)
      expect(connection.received()).toMatch(/^HTTP\/1\.1 408/)
    }
  })

  it('cuts off an idle connection that never sends a request', async () => {
    const idle = rawConnection()
    expect(await idle.closed).toBeLessThan(headersTimeoutMs + 1500)
    expect(idle.received()).toMatch(/^HTTP\/1\.1 408/)
  })

  it('answers a body trickling in below the minimum rate with 408 and closes the connection', async () => {
    const trickle = rawConnection((socket) => {
      socket.write(`POST ${restPrefix}/authentication HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"strategy":"`)
      const drip = setInterval(() => socket.writable && socket.write('aaaaaaaaaa'), 100)
      socket.once('close', () => clearInterval(drip))
    })
    const closedAfter = await trickle.closed
    expect(closedAfter).toBeLessThan(headersTimeoutMs + 2500)
    expect(trickle.received()).toMatch(/^HTTP\/1\.1 408/)
    const body = trickle.received().split('\r\n\r\n')[1]
    expect(JSON.parse(body)).toMatchObject({ name: 'Timeout', code: 408, message: expect.stringContaining(`${minRate} bytes per second`) })
  })

  it('cuts off a body that keeps the rate but takes longer than the body timeout', async () => {
    const long = rawConnection((socket) => {
      socket.write(`POST ${restPrefix}/authentication HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"strategy":"`)
      const drip = setInterval(() => socket.writable && socket.write('a'.repeat(1000)), 100)
      socket.once('close', () => clearInterval(drip))
    })
    const closedAfter = await long.closed
    expect(closedAfter).toBeGreaterThanOrEqual(bodyTimeoutMs - 200)
    expect(closedAfter).toBeLessThan(bodyTimeoutMs + 2000)
    expect(long.received()).toMatch(/^HTTP\/1\.1 408/)
  })

  it('takes a body sent at a fair pace in pieces, and a request right after on the same connection', async () => {
    const body = JSON.stringify({ strategy: 'local', email: tenant.admin.email, password: tenant.admin.password, padding: 'p'.repeat(30_000) })
    const fair = rawConnection(async (socket) => {
      socket.write(`POST ${restPrefix}/authentication HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`)
      for (let offset = 0; offset < body.length; offset += 5000) {
        socket.write(body.slice(offset, offset + 5000))
        await sleep(100)
      }
    })
    await expect.poll(() => fair.received(), { timeout: 5000 }).toMatch(/^HTTP\/1\.1 \d{3}/)
    expect(fair.received()).not.toMatch(/^HTTP\/1\.1 408/)
    fair.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n')
    await expect.poll(() => fair.received().match(/HTTP\/1\.1 /g)?.length, { timeout: 5000 }).toBe(2)
    fair.socket.destroy()
  })
})

describe('streams outlive the receive deadlines', () => {
  it('an SSE stream, a WebSocket and a long-polling Socket.IO connection, and an MCP call last longer than the body timeout', async () => {
    const flow = await created(tenant.admin, '/flows', {
      ...flowBody('slow but fine', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: bodyTimeoutMs + 1000 }), node('out', 'flow.output')], [['in', 'wait'], ['wait', 'out']]),
      exposeViaMcp: true
    })
    const sockets = await Promise.all((['websocket', 'polling'] as const).map((transport) => connectedSocket(tenant.admin.accessToken, transport)))
    const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: {} })
    const sse = await fetch(`${server.url}${restPrefix}/executions/${execution.id}/events`, { headers: { authorization: `Bearer ${tenant.admin.accessToken}` } })
    expect(sse.status).toBe(200)

    const key = (await created(tenant.admin, '/api-keys', { name: 'mcp' })).key
    const mcp = new Client({ name: 'limits', version: '1.0.0' })
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }))
    cleanup.push(() => void mcp.close())
    const tools = await mcp.listTools()
    const tool = tools.tools.find((candidate) => candidate.name.includes('slow'))!
    const started = performance.now()
    const called = await mcp.callTool({ name: tool.name, arguments: {} })
    expect(performance.now() - started).toBeGreaterThan(bodyTimeoutMs)
    expect(called.isError).toBeFalsy()

    const text = await sse.text()
    expect(text).toContain('event: execution.completed')
    for (const socket of sockets) {
      expect(socket.connected).toBe(true)
      const page = await new Promise<{ total: number }>((resolve, reject) => socket.emit('find', 'flows', {}, (error: unknown, result: { total: number }) => (error ? reject(error) : resolve(result))))
      expect(page.total).toBeGreaterThan(0)
    }
    await closeSockets(sockets)
    await waitForExecution(tenant.admin.http.get, execution.id)
  })
})

function connectedSocket(token: string, transport: 'websocket' | 'polling'): Promise<Socket> {
  const socket = io(server.url, { transports: [transport], forceNew: true, reconnection: false, extraHeaders: { authorization: `Bearer ${token}` } })
  cleanup.push(() => socket.close())
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/** Closes `sockets` and waits until the server has let go of every Socket.IO connection. */
async function closeSockets(sockets: Socket[]) {
  for (const socket of sockets) socket.close()
  const engine = (server.app as unknown as { io: { engine: { clientsCount: number } } }).io.engine
  await expect.poll(() => engine.clientsCount, { timeout: 5000 }).toBe(0)
}

function refusedSocket(transport: 'websocket' | 'polling'): Promise<Error & { data?: unknown }> {
  const socket = io(server.url, { transports: [transport], forceNew: true, reconnection: false })
  cleanup.push(() => socket.close())
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected past the cap')))
    socket.once('connect_error', resolve)
  })
}

describe('Socket.IO connections per client address', () => {
  it('past the cap, the handshake is refused with a clear error, over WebSocket and long-polling; a closed one frees its place', async () => {
    const refusedBefore = await refusedCount('socket')
    const open = await Promise.all(Array.from({ length: caps.sockets }, (_, index) => connectedSocket(tenant.admin.accessToken, index % 2 ? 'polling' : 'websocket')))
    for (const transport of ['websocket', 'polling'] as const) {
      const refusal = await refusedSocket(transport)
      expect(refusal.message).toMatch(/Too many Socket.IO connections from this address/)
      expect(refusal.data).toEqual({ limit: caps.sockets })
    }
    expect(await refusedCount('socket')).toBe(refusedBefore + 2)

    open[0].close()
    const attempt = () =>
      connectedSocket(tenant.admin.accessToken, 'websocket').then(
        (socket) => {
          socket.close()
          return 'connected'
        },
        () => 'refused'
      )
    await expect.poll(attempt, { timeout: 5000 }).toBe('connected')
    await closeSockets(open)
  })

  it('closes the transport of a refused client that ignores the refusal', async () => {
    const open = await Promise.all(Array.from({ length: caps.sockets }, () => connectedSocket(tenant.admin.accessToken, 'websocket')))
    const base = `${server.url}/socket.io/?EIO=4&transport=polling`
    const handshake = await (await fetch(base)).text()
    const sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid
    expect((await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '40' })).status).toBe(200)
    const answer = await (await fetch(`${base}&sid=${sid}`)).text()
    expect(answer).toMatch(/^44\{"message":"Too many Socket.IO connections/)
    // The server closed the session: it is unknown from now on.
    await expect.poll(async () => (await fetch(`${base}&sid=${sid}`)).status, { timeout: 3000 }).toBe(400)
    await closeSockets(open)
  })
})

/** Opens the SSE stream of `executionId`; the returned `close` ends it from the client. */
async function openStream(token: string, executionId: string) {
  const abort = new AbortController()
  const response = await fetch(`${server.url}${restPrefix}/executions/${executionId}/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal })
  const close = () => abort.abort()
  cleanup.push(close)
  return { response, close, json: async () => (response.status === 200 ? undefined : ((await response.json()) as Record<string, unknown>)) }
}

describe('SSE streams', () => {
  it('are capped per user (its API keys included) and per client address, with 429 and Retry-After; a closed one frees its place', async () => {
    const execution = await created(tenant.admin, '/executions', { flowId: longFlowId, input: {} })
    const key = (await created(tenant.admin, '/api-keys', { name: 'streams' })).key
    const refusedBefore = await refusedCount('sse')

    const admins = [await openStream(tenant.admin.accessToken, execution.id), await openStream(key, execution.id)]
    expect(admins.map((stream) => stream.response.status)).toEqual([200, 200])
    for (const token of [tenant.admin.accessToken, key]) {
      const third = await openStream(token, execution.id)
      expect(third.response.status).toBe(429)
      expect(third.response.headers.get('retry-after')).toBe('5')
      expect(await third.json()).toMatchObject({ name: 'TooManyRequests', message: expect.stringMatching(/for this user/), data: { limit: caps.sseUser } })
    }

    const members = [await openStream(member.accessToken, execution.id), await openStream(member.accessToken, execution.id)]
    expect(members.map((stream) => stream.response.status)).toEqual([200, 200])
    const fromSameAddress = await openStream(viewer.accessToken, execution.id)
    expect(fromSameAddress.response.status).toBe(429)
    expect(await fromSameAddress.json()).toMatchObject({ message: expect.stringMatching(/from this address/), data: { limit: caps.sseIp } })
    // Unauthenticated attempts past the address cap are refused before any work.
    expect((await openStream('not a token', execution.id)).response.status).toBe(429)
    expect(await refusedCount('sse')).toBe(refusedBefore + 4)

    members[0].close()
    await expect
      .poll(
        async () => {
          const again = await openStream(viewer.accessToken, execution.id)
          return again.response.status
        },
        { timeout: 5000 }
      )
      .toBe(200)
    for (const stream of [...admins, ...members]) stream.close()
    await tenant.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })
  })

  it('give back their places when refused for a reason of their own (unknown execution, bad credentials)', async () => {
    for (let attempt = 0; attempt < caps.sseIp + 2; attempt++) {
      expect((await openStream(tenant.admin.accessToken, '00000000-0000-4000-8000-000000000000')).response.status).toBe(404)
      expect((await openStream('not a token', '00000000-0000-4000-8000-000000000000')).response.status).toBe(401)
    }
  })
})

describe('a client from another address', () => {
  it('is not slowed by a neighbour holding its caps', async () => {
    const execution = await created(tenant.admin, '/executions', { flowId: longFlowId, input: {} })
    const streams = await Promise.all(Array.from({ length: caps.sseUser }, () => openStream(tenant.admin.accessToken, execution.id)))
    const sockets = await Promise.all(Array.from({ length: caps.sockets }, () => connectedSocket(tenant.admin.accessToken, 'websocket')))
    const slow = Array.from({ length: 10 }, () => rawConnection((socket) => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n')))
    const times: number[] = []
    for (let index = 0; index < 5; index++) times.push((await getFrom('127.0.0.2', '/health')).ms)
    expect(Math.max(...times)).toBeLessThan(1000)
    for (const stream of streams) stream.close()
    await closeSockets(sockets)
    for (const connection of slow) connection.socket.destroy()
    await tenant.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })
  })
})
