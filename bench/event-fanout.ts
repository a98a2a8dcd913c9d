/**
 * Live event fan-out of a real Troupe server: K execution events, emitted the way the dispatcher
 * publishes them, to 200 authenticated Socket.IO clients subscribed to the execution's channel,
 * against a raw socket.io server broadcasting the same K payloads to 200 raw clients in a room.
 * Run: node --import tsx bench/event-fanout.ts   (PostgreSQL: set DATABASE_URL)
 */
import { createServer } from 'node:http'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { createClient, type TroupeClient } from '@troupe/sdk'
import { loadPrincipal } from '../core/src/auth/load-principal.js'
import { median } from './lib/median.js'
import { header, line, machine } from './lib/report.js'
import { api, flowBody, signup, startServer } from './lib/start-server.js'

const CLIENTS = 200
const EVENTS = 500
const TIMEOUT_MS = 60_000
const TARGET_RATIO = 0.7
const ROUNDS = 3
const EVENT_NAME = 'execution-events created'

/** Counts what each of `count` receivers got; `reached(n)` resolves once every one has had `n` events. */
function tally(count: number) {
  const seen = new Array<number>(count).fill(0)
  let waiting: { target: number; behind: number; resolve: () => void } | undefined
  return {
    onEvent: (i: number) => () => {
      if (++seen[i] === waiting?.target && --waiting.behind === 0) waiting.resolve()
    },
    reached: (target: number) =>
      new Promise<void>((resolve, reject) => {
        const behind = seen.filter((n) => n < target).length
        if (behind === 0) return resolve()
        waiting = { target, behind, resolve }
        const total = () => seen.reduce((a, b) => a + b, 0)
        setTimeout(() => reject(new Error(`only ${total()} of ${count * target} events arrived`)), TIMEOUT_MS).unref()
      })
  }
}

/** Runs a warm-up round and `ROUNDS` rounds of `emitAll(round)`; the median ms until all receivers had a round. */
async function medianRound(received: ReturnType<typeof tally>, emitAll: (round: number) => void) {
  const times: number[] = []
  for (let round = 1; round <= ROUNDS + 1; round++) {
    const started = performance.now()
    emitAll(round)
    await received.reached(round * EVENTS)
    if (round > 1) times.push(performance.now() - started)
  }
  return median(times)
}

const event = (executionId: string, seq: number) => ({
  executionId,
  seq,
  type: 'node.completed',
  nodeId: `node-${seq % 10}`,
  data: { output: { text: `result ${seq}`, n: seq } },
  createdAt: new Date()
})

/** In batches, so 200 handshakes do not all land at once. */
async function inBatches<T>(count: number, make: (i: number) => Promise<T>, size = 20): Promise<T[]> {
  const made: T[] = []
  for (let i = 0; i < count; i += size) made.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)))))
  return made
}

async function troupeFanout() {
  const server = await startServer()
  const clients: TroupeClient[] = []
  try {
    const { userId, accessToken } = await signup(server.url)
    const flow = await api<{ id: string }>(server.url, 'POST', '/flows', flowBody('fanout', [['in', 'trigger.manual'], ['out', 'flow.output']], [['in', 'out']]), accessToken)
    const execution = await api<{ id: string }>(server.url, 'POST', '/executions', { flowId: flow.id, input: {} }, accessToken)
    const received = tally(CLIENTS)
    clients.push(
      ...(await inBatches(CLIENTS, async (i) => {
        const client = createClient(server.url, { transport: 'socket' })
        await client.authenticate({ strategy: 'jwt', accessToken })
        await client.service('execution-subscriptions').create({ executionId: execution.id })
        client.service('execution-events').on('created', received.onEvent(i))
        return client
      }))
    )
    const { principal } = await loadPrincipal(server.app.get('models'), { userId })
    const events = server.app.service('execution-events')
    const ms = await medianRound(received, (round) => {
      for (let seq = (round - 1) * EVENTS + 1; seq <= round * EVENTS; seq++) {
        const data = event(execution.id, seq)
        events.emit('created', data, { path: 'execution-events', params: { principal }, result: data })
      }
    })
    return { engine: server.engine, ms }
  } finally {
    for (const client of clients) client.close()
    await server.close()
  }
}

async function rawFanout() {
  const http = createServer()
  const io = new Server(http, { transports: ['websocket'] })
  io.on('connection', (socket) => void socket.join('execution'))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`
  const clients: Socket[] = []
  try {
    const received = tally(CLIENTS)
    clients.push(
      ...(await inBatches(CLIENTS, async (i) => {
        const socket = connect(url, { transports: ['websocket'], forceNew: true })
        socket.on(EVENT_NAME, received.onEvent(i))
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
        return socket
      }))
    )
    while ((await io.in('execution').fetchSockets()).length < CLIENTS) await new Promise((resolve) => setTimeout(resolve, 10))
    return await medianRound(received, (round) => {
      for (let seq = (round - 1) * EVENTS + 1; seq <= round * EVENTS; seq++) io.to('execution').emit(EVENT_NAME, event('raw', seq))
    })
  } finally {
    for (const socket of clients) socket.close()
    io.close()
    http.closeAllConnections()
  }
}

const troupe = await troupeFanout()
const rawMs = await rawFanout()
const perSecond = (ms: number) => (CLIENTS * EVENTS * 1000) / ms
header(`event fan-out on ${troupe.engine}: ${EVENTS} events to ${CLIENTS} subscribed Socket.IO clients (${CLIENTS * EVENTS} deliveries), median of ${ROUNDS} rounds after a warm-up round`)
machine()
line('troupe: all delivered in', troupe.ms, 'ms')
line('troupe: deliveries/s', perSecond(troupe.ms), '/s')
line('raw socket.io room broadcast: all delivered in', rawMs, 'ms')
line('raw socket.io: deliveries/s', perSecond(rawMs), '/s')
const ratio = perSecond(troupe.ms) / perSecond(rawMs)
line(`ratio troupe / raw (goal ≥ ${TARGET_RATIO})`, ratio, ratio >= TARGET_RATIO ? 'x (met)' : 'x (MISSED)')
process.exit(0)
