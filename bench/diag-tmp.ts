import { PGlite } from '@electric-sql/pglite'
import { postLoad } from './lib/post-load.js'
import { createWebhookBenchFlow, signup, startServer } from './lib/start-server.js'
const captured = new Map<string, { sql: string; params: unknown[] }>()
let capture = false
const orig = PGlite.prototype.query
let pg: PGlite | undefined
PGlite.prototype.query = async function (this: PGlite, sql: string, params?: unknown[], ...rest: unknown[]) {
  pg = this
  if (capture) { const k = sql.slice(0, 30); if (!captured.has(k) && /^with (fenced|quota)/.test(sql)) captured.set(k, { sql, params: params ?? [] }) }
  return (orig as any).call(this, sql, params, ...rest)
} as any
const server = await startServer()
const { accessToken } = await signup(server.url)
const flow = await createWebhookBenchFlow(server.url, accessToken)
const url = `${server.url}/api/v1/hooks/${flow.id}`
await postLoad({ url, total: Number(process.env.N ?? 8000), concurrency: 10, maxMs: 60000 })
capture = true
await postLoad({ url, total: 200, concurrency: 10, maxMs: 60000 })
capture = false
await new Promise((r) => setTimeout(r, 500))
for (const { sql, params } of captured.values()) {
  await orig.call(pg!, 'begin')
  const ps = params.map((p) => typeof p === 'string' && p.startsWith('[{"id"') ? p.replace(/"id":"[0-9a-f-]{36}"/g, () => `"id":"${crypto.randomUUID()}"`) : p)
  const r = await orig.call(pg!, 'explain (analyze, buffers) ' + sql, ps)
  console.log((r.rows as any[]).map((x) => x['QUERY PLAN']).join('\n'))
  await orig.call(pg!, 'rollback')
  console.log('-----')
}
await server.close?.()
process.exit(0)
