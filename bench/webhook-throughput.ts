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
import { createWebhookBenchFlow, signup, startServer } from './lib/start-server.js'

const REQUESTS = 4000
const MAX_MS = 20_000
const CONCURRENCY = 10
// Long enough for V8 to have optimised the hot paths (see bench/README.md): the server's CPU per
// execution kept falling until some 6000 requests had been served.
const WARMUP = 8000
const GOAL_PER_SECOND = 500

const server = await startServer()
const knex = server.app.get('knex')
let raw: Server | undefined

/**
 * Warms a server up, then measures it, the load coming from a process of its own (every answer
 * must be 200 and echo the posted body): this process's CPU time over the measured load is the
 * server's (PGlite's too, when in memory).
 */
async function measure(url: string) {
  const warmup = await postLoad({ url, total: WARMUP, concurrency: CONCURRENCY, maxMs: 3 * MAX_MS })
  let queries = 0
  const countQuery = () => void queries++
  knex.on('query', countQuery)
  const cpuBefore = process.cpuUsage()
  const load = await postLoad({ url, total: REQUESTS, concurrency: CONCURRENCY, maxMs: MAX_MS })
  const cpu = process.cpuUsage(cpuBefore)
  knex.off('query', countQuery)
  return { ...load, answered: warmup.completed + load.completed, serverCpuMs: (cpu.user + cpu.system) / 1000 / load.completed, queries: queries / load.completed }
}
try {
  const { accessToken } = await signup(server.url)
  const flow = await createWebhookBenchFlow(server.url, accessToken)

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

  header(`webhook throughput on ${server.engine}: ${REQUESTS} requests (≤ ${MAX_MS / 1000} s, after ${WARMUP} to warm up) at concurrency ${CONCURRENCY}`)
  machine()
  const troupe = await measure(`${server.url}/api/v1/hooks/${flow.id}`)
  const peer = await measure(`http://127.0.0.1:${rawPort}/hit`)
  // A request cut off by the time limit may still have stored its row; an answered one must have.
  const [{ rows }] = await knex('bench_hits').withSchema('public').count({ rows: '*' })
  if (Number(rows) < peer.answered) throw new Error(`the peer stored ${rows} rows for ${peer.answered} answered requests`)
  line('troupe: webhook executions (10 nodes), all 200 + output', `${troupe.completed} in ${(troupe.elapsedMs / 1000).toFixed(2)} s`)
  line('troupe: executions/s', troupe.perSecond, '/s')
  line('troupe: database queries per execution', troupe.queries)
  line('troupe: server CPU per execution', troupe.serverCpuMs, 'ms')
  line('troupe: load generator CPU per request', troupe.cpuMsPerRequest, 'ms')
  line('raw koa + one insert: requests', `${peer.completed} in ${(peer.elapsedMs / 1000).toFixed(2)} s`)
  line('raw koa + one insert: requests/s', peer.perSecond, '/s')
  line('raw koa + one insert: server CPU per request', peer.serverCpuMs, 'ms')
  line('raw koa + one insert: load generator CPU per request', peer.cpuMsPerRequest, 'ms')
  line('ratio troupe / raw koa', troupe.perSecond / peer.perSecond, 'x')
  line(`target ratio = measured / ${GOAL_PER_SECOND} executions/s (goal ≥ 1)`, troupe.perSecond / GOAL_PER_SECOND, troupe.perSecond >= GOAL_PER_SECOND ? '(met)' : '(MISSED)')
} finally {
  raw?.closeAllConnections()
  await new Promise((resolve) => (raw ? raw.close(resolve) : resolve(undefined)))
  await server.close()
}
process.exit(0)
