import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { restPrefix } from '@troupe/sdk'
import { createApp } from '../../core/src/app.js'
import { listen } from '../../core/src/http/listen.js'
import { loadConfig } from '../../core/src/config/load-config.js'
import type { Application } from '../../core/src/declarations.js'
import { freshPostgresDatabase } from '../../core/test/fresh-postgres-database.js'

export interface BenchServer {
  url: string
  app: Application
  /** `postgresql` when DATABASE_URL is set, else an in-memory `pglite`. */
  engine: 'pglite' | 'postgresql'
  close(): Promise<void>
}

/**
 * Starts a real Troupe server in this process on 127.0.0.1 and a random port: on a fresh database
 * of the PostgreSQL server named by DATABASE_URL, else on a fresh in-memory PGlite. `env` adds
 * to (or overrides) the bench's configuration.
 */
export async function startServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-'))
  const database = process.env.DATABASE_URL ? await freshPostgresDatabase(process.env.DATABASE_URL, 'troupe_bench') : undefined
  const config = loadConfig({
    TROUPE_DATA_DIR: dataDir,
    TROUPE_SECRET_KEY: randomBytes(32).toString('hex'),
    TROUPE_BCRYPT_ROUNDS: '4',
    // All the load comes from one address: the per-IP request limit would answer 429 at once, and
    // the fan-out bench holds 200 sockets from it (more than the per-address connection caps).
    TROUPE_RATE_LIMIT: '1000000',
    TROUPE_HTTP_CONNECTIONS_PER_IP: '10000',
    TROUPE_SOCKETS_PER_IP: '10000',
    // The webhook bench calls one tenant's webhook some 700 times a second: far above the default per-tenant rate.
    TROUPE_WEBHOOK_RATE_LIMIT: '10000000',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...(process.env.TROUPE_PREPARED_STATEMENTS ? { TROUPE_PREPARED_STATEMENTS: process.env.TROUPE_PREPARED_STATEMENTS } : {}),
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env
  })
  const app = await createApp({ config, pglite: database ? undefined : new PGlite() })
  const port = await listen(app, 0, '127.0.0.1')
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    engine: database ? 'postgresql' : 'pglite',
    close: async () => {
      app.server.closeAllConnections()
      await app.teardown()
      await database?.drop()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

/** A JSON call to the REST API; throws unless the answer has `expected` status. */
export async function api<T = unknown>(url: string, method: string, route: string, body?: unknown, token?: string, expected = 201): Promise<T> {
  const response = await fetch(`${url}${restPrefix}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const answer = await response.json()
  if (response.status !== expected) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(answer)}`)
  return answer as T
}

/** Signs up a new tenant; returns its admin's id and access token. */
export async function signup(url: string) {
  const id = randomBytes(8).toString('hex')
  const result = await api<{ tenant: { id: string }; user: { id: string }; accessToken: string }>(url, 'POST', '/signup', {
    tenant: { name: `Bench ${id}` },
    name: 'Admin',
    email: `bench-${id}@example.test`,
    password: 'correct horse battery'
  })
  return { tenantId: result.tenant.id, userId: result.user.id, accessToken: result.accessToken }
}

/** A flow body from node `[id, type, params]` triples and `[source, target]` edges. */
export function flowBody(name: string, nodes: Array<[string, string, object?]>, edges: Array<[string, string]>) {
  return {
    name,
    nodes: nodes.map(([id, type, params = {}]) => ({ id, type, params })),
    edges: edges.map(([source, target], index) => ({ id: `e${index}`, source, target }))
  }
}

/**
 * The webhook bench's flow: `trigger.webhook` → 8 × `data.transform` (`value`) → `flow.output`, ten
 * nodes whose every state is persisted, answering with the posted body. Created for `token`'s tenant.
 */
export async function createWebhookBenchFlow(url: string, token: string): Promise<{ id: string }> {
  const transforms = Array.from({ length: 8 }, (_, i) => `t${i + 1}`)
  const ids = ['hook', ...transforms, 'out']
  return api<{ id: string }>(
    url,
    'POST',
    '/flows',
    flowBody(
      'webhook bench',
      [['hook', 'trigger.webhook'], ...transforms.map((id): [string, string, object] => [id, 'data.transform', { expression: 'value' }]), ['out', 'flow.output']],
      ids.slice(1).map((id, i): [string, string] => [ids[i], id])
    ),
    token
  )
}
