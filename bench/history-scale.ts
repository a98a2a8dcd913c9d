/**
 * Webhook throughput with a large execution history: one server, two tenants with the webhook
 * bench's flow, A with no history and B with HISTORY_ROWS rows of it (10 million by default: some
 * 323 000 finished executions of the same 10-node flow, each with its row, 10 node states and 20
 * events, written straight into B's schema), measured in alternating rounds in the same run.
 * Then B's retention is lowered so that the history pruner works B's backlog down while both are
 * measured again: pruning runs off the hot path, in batches. Goal: B within 10 % of A both times.
 * Run: DATABASE_URL=postgres://... node --import tsx bench/history-scale.ts
 */
import { performance } from 'node:perf_hooks'
import { tenantSchemaName } from '../core/src/db/tenant-schema.js'
import { median } from './lib/median.js'
import { postLoad } from './lib/post-load.js'
import { header, line, machine } from './lib/report.js'
import { api, createWebhookBenchFlow, signup, startServer } from './lib/start-server.js'

const HISTORY_ROWS = Number(process.env.HISTORY_ROWS ?? 10_000_000)
// An execution of the flow leaves 31 rows: its own, 10 node states, 20 events.
const EXECUTIONS = Math.ceil(HISTORY_ROWS / 31)
const CHUNK = 20_000
const REQUESTS = 3000
const ROUNDS = 3
const CONCURRENCY = 10
const WARMUP = 8000
// How often the pruner ticks (each tick removes up to 10 × 500 executions of a tenant).
const PRUNE_INTERVAL_MS = Number(process.env.PRUNE_INTERVAL_MS ?? 1000)

const server = await startServer({
  // Nothing is due for pruning until the bench lowers B's retention.
  TROUPE_HISTORY_MAX_COUNT: '100000000',
  TROUPE_HISTORY_PRUNE_INTERVAL_MS: String(PRUNE_INTERVAL_MS),
  // 10 million rows of this shape take ~1.4 GiB, past the default storage quota of 1 GiB.
  TROUPE_TENANT_MAX_STORED_BYTES: String(16 * 1024 ** 3)
})
const knex = server.app.get('knex')

/** Writes `executions` finished runs of `flowId` into `schema`, as the store would have, in chunks. */
async function fillHistory(schema: string, flowId: string) {
  const nodeIds = ['hook', ...Array.from({ length: 8 }, (_, i) => `t${i + 1}`), 'out']
  for (let from = 0; from < EXECUTIONS; from += CHUNK) {
    const count = Math.min(CHUNK, EXECUTIONS - from)
    await knex.raw(
      `with made as (
         insert into ??.executions (id, flow_id, flow_version, status, trigger, input, output, created_at, started_at, finished_at, updated_at)
         select gen_random_uuid(), ?::uuid, 1, 'succeeded', 'webhook', '{"n":1,"text":"history"}', '{"n":1,"text":"history"}',
                t, t, t + interval '20 milliseconds', t + interval '20 milliseconds'
           from (select now() - interval '1 hour' - (i * interval '5 milliseconds') as t from generate_series(?::integer, ?::integer) i) times
         returning id, created_at
       ),
       nodes as (
         insert into ??.execution_nodes (execution_id, node_id, status, attempts, input, output, started_at, finished_at)
         select m.id, n.node_id, 'succeeded', 1, '{"n":1,"text":"history"}', '{"n":1,"text":"history"}', m.created_at, m.created_at
           from made m cross join unnest(?::text[]) as n(node_id)
       )
       insert into ??.execution_events (execution_id, seq, type, node_id, data, created_at)
       select m.id, s.seq, case when s.seq = 1 then 'execution.started' when s.seq = 22 then 'execution.completed' when s.seq % 2 = 0 then 'node.started' else 'node.completed' end,
              case when s.seq in (1, 22) then null else (?::text[])[s.seq / 2] end, '{"output":{"n":1,"text":"history"}}', m.created_at
         from made m cross join generate_series(1, 20) as s(seq)`,
      [schema, flowId, from + 1, from + count, schema, nodeIds, schema, nodeIds]
    )
  }
  await knex.raw('analyze ??.executions, ??.execution_nodes, ??.execution_events', [schema, schema, schema])
}

async function historyRows(schema: string): Promise<number> {
  const { rows } = await knex.raw(
    `select (select count(*) from ??.executions) + (select count(*) from ??.execution_nodes) + (select count(*) from ??.execution_events) as n`,
    [schema, schema, schema]
  )
  return Number(rows[0].n)
}

/** One measured round against a tenant's webhook: executions/s and the server's CPU per execution. */
async function round(url: string) {
  const cpuBefore = process.cpuUsage()
  const load = await postLoad({ url, total: REQUESTS, concurrency: CONCURRENCY, maxMs: 20_000 })
  const cpu = process.cpuUsage(cpuBefore)
  return { perSecond: load.perSecond, cpuMs: (cpu.user + cpu.system) / 1000 / load.completed }
}

/** Alternates A and B `ROUNDS` times; while `pruned` is given, counts what it removed from B meanwhile. */
async function compare(label: string, a: string, b: string, pruned?: () => Promise<number>) {
  const runs = { a: [] as number[], b: [] as number[], aCpu: [] as number[], bCpu: [] as number[] }
  const prunedBefore = await pruned?.()
  const started = performance.now()
  for (let i = 0; i < ROUNDS; i++) {
    const [first, second] = i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)
    for (const which of [first, second]) {
      const result = await round(which === 'a' ? a : b)
      runs[which].push(result.perSecond)
      runs[`${which}Cpu`].push(result.cpuMs)
    }
  }
  const seconds = (performance.now() - started) / 1000
  line(`${label}: A (no history) executions/s, rounds`, runs.a.map((value) => value.toFixed(0)).join(', '))
  line(`${label}: B (history) executions/s, rounds`, runs.b.map((value) => value.toFixed(0)).join(', '))
  line(`${label}: server CPU per execution A / B (medians)`, `${median(runs.aCpu).toFixed(2)} / ${median(runs.bCpu).toFixed(2)}`, 'ms')
  if (pruned) line(`${label}: executions and node states of B pruned meanwhile`, `${((await pruned()) - prunedBefore!).toFixed(0)} in ${seconds.toFixed(0)} s`)
  const ratio = median(runs.b) / median(runs.a)
  line(`${label}: ratio B / A (medians; goal ≥ 0.9)`, ratio, ratio >= 0.9 ? '(met)' : '(MISSED)')
}

try {
  header(`history scale on ${server.engine}: webhook throughput, ${HISTORY_ROWS} rows of history against none`)
  machine()
  const a = await signup(server.url)
  const b = await signup(server.url)
  const flowA = await createWebhookBenchFlow(server.url, a.accessToken)
  const flowB = await createWebhookBenchFlow(server.url, b.accessToken)
  const schemaB = tenantSchemaName(b.tenantId)
  const filling = performance.now()
  await fillHistory(schemaB, flowB.id)
  line('history written into B', `${await historyRows(schemaB)} rows (${EXECUTIONS} executions) in ${((performance.now() - filling) / 1000).toFixed(0)} s`)
  const { rows: size } = await knex.raw(`select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as size from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ?`, [schemaB])
  line('size of B\'s schema', size[0].size)

  const urlA = `${server.url}/api/v1/hooks/${flowA.id}`
  const urlB = `${server.url}/api/v1/hooks/${flowB.id}`
  await postLoad({ url: urlA, total: WARMUP, concurrency: CONCURRENCY, maxMs: 60_000 })
  await postLoad({ url: urlB, total: WARMUP / 4, concurrency: CONCURRENCY, maxMs: 60_000 })
  await compare('no pruning', urlA, urlB)

  // Keep the newest 1000: everything else in B is now due, and the pruner works it down.
  await api(server.url, 'PATCH', `/tenants/${b.tenantId}`, { historyMaxCount: 1000 }, b.accessToken, 200)
  const prunedRows = async () => {
    const metrics = await server.app.get('metrics').historyPruned.get()
    return metrics.values.reduce((sum, value) => sum + value.value, 0)
  }
  await new Promise((resolve) => setTimeout(resolve, 2 * PRUNE_INTERVAL_MS))
  await compare('pruning B', urlA, urlB, prunedRows)
  line('history rows of B left', await historyRows(schemaB))
} finally {
  await server.close()
}
process.exit(0)
