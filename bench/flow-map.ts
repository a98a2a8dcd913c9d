/**
 * `flow.map` over 10 000 items at concurrency 50 against the same 10 000 items run as separate
 * webhook executions (50 at a time) of the same per-item flow, on one real Troupe server in this
 * process: items per second of each, their ratio, and the process's peak RSS during each.
 * Run: node --import tsx bench/flow-map.ts   (PostgreSQL: set DATABASE_URL)
 */
import { postLoad } from './lib/post-load.js'
import { header, line, machine } from './lib/report.js'
import { api, flowBody, signup, startServer } from './lib/start-server.js'

const ITEMS = Number(process.env.BENCH_MAP_ITEMS ?? 10_000)
const CONCURRENCY = 50
const MAX_MS = 600_000

// Both sides may run 50 executions at once, plus the map's own.
const server = await startServer({ TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS: String(CONCURRENCY + 10) })

/** Samples this process's resident memory while `work` runs; answers its result, the peak and the time it took. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; baseMb: number; elapsedMs: number }> {
  const baseMb = process.memoryUsage().rss / 2 ** 20
  let peak = baseMb
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50)
  const started = performance.now()
  try {
    const result = await work()
    return { result, peakMb: Math.max(peak, process.memoryUsage().rss / 2 ** 20), baseMb, elapsedMs: performance.now() - started }
  } finally {
    clearInterval(timer)
  }
}

try {
  const { accessToken } = await signup(server.url)
  // The per-item flow: its webhook (or the map) hands it the item, a transform passes it on, it answers with it.
  const item = await api<{ id: string }>(server.url, 'POST', '/flows', flowBody('map item', [['hook', 'trigger.webhook'], ['work', 'data.transform', { expression: 'value' }], ['out', 'flow.output']], [['hook', 'work'], ['work', 'out']]), accessToken)
  const map = await api<{ id: string }>(
    server.url,
    'POST',
    '/flows',
    flowBody('map bench', [['in', 'trigger.manual'], ['map', 'flow.map', { items: 'value.items', flowId: item.id, concurrency: CONCURRENCY }], ['out', 'flow.output']], [['in', 'map'], ['map', 'out']]),
    accessToken
  )
  header(`flow.map on ${server.engine}: ${ITEMS} items at concurrency ${CONCURRENCY}, against ${ITEMS} webhook executions of the same item flow, ${CONCURRENCY} at a time`)
  machine()

  // A short warm-up of both paths, so neither pays for V8's first compilations alone.
  await postLoad({ url: `${server.url}/api/v1/hooks/${item.id}`, total: 500, concurrency: CONCURRENCY, maxMs: MAX_MS })

  const webhooks = await withPeakRss(() => postLoad({ url: `${server.url}/api/v1/hooks/${item.id}`, total: ITEMS, concurrency: CONCURRENCY, maxMs: MAX_MS }))
  const items = Array.from({ length: ITEMS }, (_, n) => ({ n }))
  const mapped = await withPeakRss(async () => {
    const execution = await api<{ id: string }>(server.url, 'POST', '/executions', { flowId: map.id, input: { items } }, accessToken)
    for (;;) {
      const state = await api<{ status: string; output: unknown[] | null; error: string | null }>(server.url, 'GET', `/executions/${execution.id}`, undefined, accessToken, 200)
      if (state.status === 'succeeded') return state
      if (state.status !== 'running' && state.status !== 'waiting' && state.status !== 'queued') throw new Error(`the map ${state.status}: ${state.error}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  })
  const output = mapped.result.output ?? []
  if (output.length !== ITEMS || (output[ITEMS - 1] as { n: number }).n !== ITEMS - 1) throw new Error('the map answered the wrong list')

  const mapPerSecond = ITEMS / (mapped.elapsedMs / 1000)
  line('webhooks: executions', `${webhooks.result.completed} in ${(webhooks.result.elapsedMs / 1000).toFixed(2)} s`)
  line('webhooks: items/s', webhooks.result.perSecond, '/s')
  line('webhooks: peak RSS (start)', `${webhooks.peakMb.toFixed(0)} MB (${webhooks.baseMb.toFixed(0)} MB)`)
  line('flow.map: items', `${ITEMS} in ${(mapped.elapsedMs / 1000).toFixed(2)} s`)
  line('flow.map: items/s', mapPerSecond, '/s')
  line('flow.map: peak RSS (start)', `${mapped.peakMb.toFixed(0)} MB (${mapped.baseMb.toFixed(0)} MB)`)
  line('ratio flow.map / webhooks (items/s)', mapPerSecond / webhooks.result.perSecond, 'x')
  line('ratio flow.map / webhooks (peak RSS growth)', (mapped.peakMb - mapped.baseMb) / Math.max(1, webhooks.peakMb - webhooks.baseMb), 'x')
} finally {
  await server.close()
}
process.exit(0)
