import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { httpClient } from './http.js'
import { spawnTroupe } from './processes.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant } from './tenants.js'
import { freshPostgresDatabase } from './test-server.js'

/**
 * Sub-flows across a kill -9 of their server, restarted on the same database: a `flow.map` half
 * done goes on from where its items' runs stand (every item's output, in order; one run per item;
 * nothing left running), and a `flow.call` whose parent waits for its child finishes with one
 * child, the parent resumed by the child's end or by its own check.
 */
const children: ChildProcess[] = []
let dataDir: string
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-map-crash-'))
  if (process.env.DATABASE_URL) database = await freshPostgresDatabase(process.env.DATABASE_URL)
})
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await database?.drop()
  await rm(dataDir, { recursive: true, force: true })
})

const env = {
  PORT: '0',
  TROUPE_DATA_DIR: '',
  DATABASE_URL: '',
  TROUPE_SECRET_KEY: 'map-crash-test-secret-key-0123456789abcdef',
  REDIS_URL: '',
  MONGODB_URL: '',
  TROUPE_EXECUTION_LEASE_MS: '1000',
  TROUPE_BCRYPT_ROUNDS: '4',
  TROUPE_RATE_LIMIT: '1000000',
  LOG_LEVEL: 'warn'
}

it('goes on after a kill -9 with every item run once and every output in order', async () => {
  const serverEnv = { ...env, TROUPE_DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '' }
  const first = spawnTroupe('start', serverEnv, children)
  const url = (await first.running)!
  const tenant = await signupTenant(url)
  const item = await created(
    tenant.admin,
    '/flows',
    flowBody('slow item', [node('in', 'trigger.manual'), node('pause', 'util.delay', { ms: 400 }), node('work', 'data.transform', { expression: '{"n": value.n, "doubled": value.n * 2}' }), node('out', 'flow.output')], [
      ['in', 'pause'],
      ['pause', 'work'],
      ['work', 'out']
    ])
  )
  const map = await created(tenant.admin, '/flows', flowBody('map', [node('in', 'trigger.manual'), node('map', 'flow.map', { items: 'value.list', flowId: item.id, concurrency: 4 }), node('out', 'flow.output')], [['in', 'map'], ['map', 'out']]))
  const list = Array.from({ length: 24 }, (_, n) => ({ n }))
  const execution = await created(tenant.admin, '/executions', { flowId: map.id, input: { list } })
  const itemsOf = async (http: ReturnType<typeof httpClient>) => (await http.get(`/executions?parentExecutionId=${execution.id}&$limit=100`)).body.data as Array<Record<string, any>>
  // Killed once some items have ended and others run.
  await waitFor(async () => ((await itemsOf(tenant.admin.http)).filter((run) => run.status === 'succeeded').length >= 6 ? true : undefined), 30_000)
  first.child.kill('SIGKILL')
  await first.exited

  const second = spawnTroupe('start', serverEnv, children)
  const http = httpClient((await second.running)!, tenant.admin.accessToken)
  const done = await waitForExecution(http.get, execution.id, 120_000)
  expect(done.status).toBe('succeeded')
  expect(done.output).toEqual(list.map(({ n }) => ({ n, doubled: n * 2 })))
  const runs = await itemsOf(http)
  // One run per item: no key twice, none missing, none left running.
  expect(runs.map((run) => Number(run.callKey)).sort((a, b) => a - b)).toEqual(list.map(({ n }) => n))
  expect(runs.filter((run) => run.status !== 'succeeded')).toEqual([])
  second.child.kill('SIGKILL')
}, 240_000)

it('finishes a flow.call killed while its parent waits for the child, with one child', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-call-crash-'))
  const own = process.env.DATABASE_URL ? await freshPostgresDatabase(process.env.DATABASE_URL) : undefined
  try {
    const serverEnv = { ...env, TROUPE_DATA_DIR: dir, DATABASE_URL: own?.url ?? '' }
    const first = spawnTroupe('start', serverEnv, children)
    const tenant = await signupTenant((await first.running)!)
    const child = await created(tenant.admin, '/flows', flowBody('slow child', [node('in', 'trigger.manual'), node('pause', 'util.delay', { ms: 2000 }), node('out', 'flow.output')], [['in', 'pause'], ['pause', 'out']]))
    const parent = await created(tenant.admin, '/flows', flowBody('caller', [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId: child.id }), node('out', 'flow.output')], [['in', 'call'], ['call', 'out']]))
    const execution = await created(tenant.admin, '/executions', { flowId: parent.id, input: { order: 7 } })
    await waitFor(async () => ((await tenant.admin.http.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined), 30_000)
    first.child.kill('SIGKILL')
    await first.exited

    const second = spawnTroupe('start', serverEnv, children)
    const http = httpClient((await second.running)!, tenant.admin.accessToken)
    expect(await waitForExecution(http.get, execution.id, 120_000)).toMatchObject({ status: 'succeeded', output: { order: 7 } })
    const runs = (await http.get(`/executions?parentExecutionId=${execution.id}`)).body.data as Array<{ status: string; callKey: string }>
    expect(runs).toEqual([expect.objectContaining({ status: 'succeeded', callKey: 'call' })])
    second.child.kill('SIGKILL')
  } finally {
    await own?.drop()
    await rm(dir, { recursive: true, force: true })
  }
}, 240_000)
