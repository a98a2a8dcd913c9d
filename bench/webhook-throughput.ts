/**
 * Webhook throughput of a real Troupe server: `POST /api/v1/hooks/:flowId` on a 10-node flow
 * (trigger.webhook → 8 × data.transform → flow.output), answered with the flow's output, against a
 * raw Koa server doing one insert per request in the same database.
 * Run: node --import tsx bench/webhook-throughput.ts   (PostgreSQL: set DATABASE_URL)
 */
import type { Server } from 'node:http'
import Koa from 'koa'
import { bodyParser } from '@feathersjs/koa'
import { postLoad } from './lib/post-load.js'
import { header, line, machine } from './lib/report.js'
import { api, flowBody, signup, startServer } from './lib/start-server.js'

const REQUESTS = 2000
const MAX_MS = 10_000
const CONCURRENCY = 10
const WARMUP = 100
const GOAL_PER_SECOND = 500

/** The load, from a process of its own; every answer must be 200 and echo the posted body. */
const measure = (url: string) => postLoad({ url, warmup: WARMUP, total: REQUESTS, concurrency: CONCURRENCY, maxMs: MAX_MS })

const server = await startServer()
const knex = server.app.get('knex')
let raw: Server | undefined
try {
  const { accessToken } = await signup(server.url)
  const transforms = Array.from({ length: 8 }, (_, i) => `t${i + 1}`)
  const ids = ['hook', ...transforms, 'out']
  const flow = await api<{ id: string }>(
    server.url,
    'POST',
    '/flows',
    flowBody(
      'webhook bench',
      [['hook', 'trigger.webhook'], ...transforms.map((id): [string, string, object] => [id, 'data.transform', { expression: 'value' }]), ['out', 'flow.output']],
      ids.slice(1).map((id, i): [string, string] => [ids[i], id])
    ),
    accessToken
  )

  // The peer: the least a webhook must do, parse the body and store one row, in the same database.
  await knex.schema.withSchema('public').createTable('bench_hits', (table) => {
    table.bigIncrements('id')
    table.jsonb('payload').notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  const koa = new Koa()
  koa.use(bodyParser())
  koa.use(async (ctx) => {
    const payload = (ctx.request as unknown as { body: unknown }).body
    await knex('bench_hits').withSchema('public').insert({ payload: JSON.stringify(payload) })
    ctx.body = payload
  })
  raw = koa.listen(0, '127.0.0.1')
  await new Promise((resolve) => raw!.once('listening', resolve))
  const rawPort = (raw.address() as { port: number }).port

  header(`webhook throughput on ${server.engine}: ${REQUESTS} requests (≤ ${MAX_MS / 1000} s) at concurrency ${CONCURRENCY}`)
  machine()
  let queries = 0
  const countQuery = () => void queries++
  knex.on('query', countQuery)
  // The load comes from another process: this one's CPU time is the server's (PGlite's too, when in memory).
  const cpuBefore = process.cpuUsage()
  const troupe = await measure(`${server.url}/api/v1/hooks/${flow.id}`)
  const troupeCpu = process.cpuUsage(cpuBefore)
  knex.off('query', countQuery)
  const peerCpuBefore = process.cpuUsage()
  const peer = await measure(`http://127.0.0.1:${rawPort}/hit`)
  const peerCpu = process.cpuUsage(peerCpuBefore)
  const cpuMsPer = (usage: NodeJS.CpuUsage, count: number) => (usage.user + usage.system) / 1000 / count
  const [{ rows }] = await knex('bench_hits').withSchema('public').count({ rows: '*' })
  if (Number(rows) !== WARMUP + peer.completed) throw new Error(`the peer stored ${rows} rows for ${WARMUP + peer.completed} requests`)
  line('troupe: webhook executions (10 nodes), all 200 + output', `${troupe.completed} in ${(troupe.elapsedMs / 1000).toFixed(2)} s`)
  line('troupe: executions/s', troupe.perSecond, '/s')
  line('troupe: database queries per execution', queries / (WARMUP + troupe.completed))
  line('troupe: server CPU per execution (incl. warm-up)', cpuMsPer(troupeCpu, WARMUP + troupe.completed), 'ms')
  line('raw koa + one insert: requests', `${peer.completed} in ${(peer.elapsedMs / 1000).toFixed(2)} s`)
  line('raw koa + one insert: requests/s', peer.perSecond, '/s')
  line('raw koa + one insert: server CPU per request', cpuMsPer(peerCpu, WARMUP + peer.completed), 'ms')
  line('ratio troupe / raw koa', troupe.perSecond / peer.perSecond, 'x')
  line(`target ratio = measured / ${GOAL_PER_SECOND} executions/s (goal ≥ 1)`, troupe.perSecond / GOAL_PER_SECOND, troupe.perSecond >= GOAL_PER_SECOND ? '(met)' : '(MISSED)')
} finally {
  raw?.closeAllConnections()
  await new Promise((resolve) => (raw ? raw.close(resolve) : resolve(undefined)))
  await server.close()
}
process.exit(0)
