/**
 * Noisy neighbour: tenant B runs the webhook bench (10-node flow, concurrency 10) alone, then
 * again while tenant A throws everything it can at the same server: expressions that exhaust the
 * heap or loop for ever, catastrophic regular expressions in JSONata and in a webhook's input
 * schema (reached anonymously), 8.7 MB webhook bodies, and hundreds of slow-header and slow-body
 * connections. Prints B's throughput under attack as a ratio of its solo figure (goal ≥ 0.8), and
 * checks that the server process never restarted.
 *
 * The server is a `troupe start` process of its own, on its defaults except the request rate
 * limits (every client here shares 127.0.0.x, and the point is what protects B when A is not
 * throttled). A's traffic leaves from 127.0.0.2, as another client's would.
 * Run: node --import tsx bench/noisy-neighbour.ts   (PostgreSQL: set DATABASE_URL)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Agent, fetch as undiciFetch } from 'undici'
import { restPrefix } from '@troupe/sdk'
import { freshPostgresDatabase } from '../core/test/fresh-postgres-database.js'
import { postLoad } from './lib/post-load.js'
import { header, line, machine } from './lib/report.js'
import { api, createWebhookBenchFlow, flowBody, signup } from './lib/start-server.js'

const REQUESTS = 4000
const WARMUP = 8000
const CONCURRENCY = 10
const MAX_MS = 30_000
const GOAL = 0.8
const attackerAddress = '127.0.0.2'

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../core/bin/troupe.mjs')

/** Starts `troupe start` and resolves with its URL once it listens; its output is kept to count starts. */
async function startTroupe(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [cli, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /running on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match) resolve(match[1])
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`troupe start exited with ${code}: ${output}`)))
  })
  return { child, url, output: () => output }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-noisy-'))
const database = process.env.DATABASE_URL ? await freshPostgresDatabase(process.env.DATABASE_URL, 'troupe_noisy') : undefined
const server = await startTroupe({
  PORT: '0',
  TROUPE_DATA_DIR: dataDir,
  TROUPE_RATE_LIMIT: '1000000',
  TROUPE_WEBHOOK_RATE_LIMIT: '10000000',
  LOG_LEVEL: 'warn',
  REDIS_URL: '',
  DATABASE_URL: database?.url ?? '',
  TROUPE_SECRET_KEY: database ? randomBytes(32).toString('hex') : ''
})
const attacker = new Agent({ localAddress: attackerAddress, connections: 16 })
const stopAttack = new AbortController()
const attackStatuses = new Map<string, number>()
const openSockets = new Set<Socket>()
const healthMs: number[] = []

function count(kind: string, status: number | string) {
  const key = `${kind} ${status}`
  attackStatuses.set(key, (attackStatuses.get(key) ?? 0) + 1)
}

async function post(url: string, body: string | Buffer): Promise<number> {
  try {
    const response = await undiciFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: attacker, signal: stopAttack.signal })
    await response.arrayBuffer()
    return response.status
  } catch {
    return 0
  }
}

/** Posts to one of `urls` in turn until the attack stops. */
async function hammer(kind: string, urls: string[], body: () => string | Buffer) {
  for (let i = 0; !stopAttack.signal.aborted; i++) count(kind, await post(urls[i % urls.length], body()))
}

/** Keeps `total` connections open that send a request one byte at a time, as slowly as the server allows. */
function slowConnections(total: number, port: number, slowBody: boolean) {
  const open = () => {
    if (stopAttack.signal.aborted) return
    const socket = connect({ host: '127.0.0.1', port, localAddress: attackerAddress })
    openSockets.add(socket)
    const head = slowBody
      ? `POST ${restPrefix}/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n`
      : `GET /health HTTP/1.1\r\nHost: x\r\n`
    let sent = 0
    const drip = setInterval(() => {
      if (socket.destroyed) return
      if (slowBody && sent === 0) socket.write(head)
      else socket.write(slowBody ? '{' : 'X')
      sent++
    }, 1000)
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(drip)
      openSockets.delete(socket)
      count(slowBody ? 'slow-body socket' : 'slow-header socket', 'closed by server')
      setTimeout(open, 200)
    })
  }
  for (let i = 0; i < total; i++) open()
}

async function watchHealth() {
  while (!stopAttack.signal.aborted) {
    const started = performance.now()
    await fetch(`${server.url}/health`).then((response) => response.arrayBuffer())
    healthMs.push(performance.now() - started)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function measure(url: string) {
  return postLoad({ url, total: REQUESTS, concurrency: CONCURRENCY, maxMs: MAX_MS })
}

try {
  const b = await signup(server.url)
  const a = await signup(server.url)
  const benchFlow = await createWebhookBenchFlow(server.url, b.accessToken)
  const poison = async (name: string, expression: string) =>
    (await api<{ id: string }>(server.url, 'POST', '/flows', flowBody(name, [['hook', 'trigger.webhook'], ['x', 'data.transform', { expression }], ['out', 'flow.output']], [['hook', 'x'], ['x', 'out']]), a.accessToken)).id
  const poisonFlows = [
    await poison('heap', '( $f := function($x){ $eval("$f(1)", {"f": $f}) }; $f(1) )'),
    await poison('range', '[1..10000000]'),
    await poison('forever', '( $f := function($x){ $f($x) }; $f(1) )'),
    await poison('redos', '$match(value.s, /^(a|a)*$/)')
  ]
  const schemaFlow = await api<{ id: string }>(
    server.url,
    'POST',
    '/flows',
    flowBody('schema redos', [['hook', 'trigger.webhook', { inputSchema: { type: 'object', properties: { s: { type: 'string', pattern: '^(a|a)*$' } } } }], ['out', 'flow.output']], [['hook', 'out']]),
    a.accessToken
  )
  const hook = (id: string) => `${server.url}${restPrefix}/hooks/${id}`
  const benchUrl = hook(benchFlow.id)
  const port = Number(new URL(server.url).port)
  const catastrophic = JSON.stringify({ s: `${'a'.repeat(30)}!` })
  const huge = Buffer.from(JSON.stringify({ s: 'x'.repeat(8.7 * 1024 * 1024) }))

  header(`noisy neighbour on ${database ? 'postgresql' : 'pglite'}: tenant B's webhook, ${REQUESTS} requests at concurrency ${CONCURRENCY}, alone and under tenant A's attack`)
  machine()
  await postLoad({ url: benchUrl, total: WARMUP, concurrency: CONCURRENCY, maxMs: 3 * MAX_MS })
  const solo = await measure(benchUrl)

  const attack = [
    hammer('poison expression', poisonFlows.map(hook), () => catastrophic),
    hammer('poison expression', [...poisonFlows].reverse().map(hook), () => catastrophic),
    hammer('schema ReDoS', [hook(schemaFlow.id)], () => catastrophic),
    hammer('8.7 MB body', [hook(schemaFlow.id)], () => huge),
    watchHealth()
  ]
  slowConnections(300, port, false)
  slowConnections(100, port, true)
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const attacked = await measure(benchUrl)
  stopAttack.abort()
  await Promise.allSettled(attack)
  for (const socket of openSockets) socket.destroy()

  const starts = (server.output().match(/running on http/g) ?? []).length
  const alive = server.child.exitCode === null && server.child.signalCode === null
  healthMs.sort((x, y) => x - y)
  line('B alone: executions/s', solo.perSecond, '/s')
  line('B under attack: executions/s', attacked.perSecond, '/s')
  for (const [key, value] of [...attackStatuses].sort()) line(`A: ${key}`, value)
  line('/health during the attack: p50', healthMs[Math.floor(healthMs.length / 2)] ?? 0, 'ms')
  line('/health during the attack: max', healthMs.at(-1) ?? 0, 'ms')
  line('server process: starts, alive at the end', `${starts}, ${alive ? 'yes' : 'NO'}`)
  const ratio = attacked.perSecond / solo.perSecond
  line(`ratio B under attack / B alone (goal ≥ ${GOAL})`, ratio, ratio >= GOAL && starts === 1 && alive ? '(met)' : '(MISSED)')
} finally {
  stopAttack.abort()
  for (const socket of openSockets) socket.destroy()
  await attacker.close()
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM')
    await new Promise((resolve) => server.child.once('exit', resolve))
  }
  await database?.drop()
  await rm(dataDir, { recursive: true, force: true })
}
process.exit(0)
