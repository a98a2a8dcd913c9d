import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient, type HttpClient } from '../http.js'
import { spawnTroupe, type TroupeProcess } from '../processes.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { freshPostgresDatabase } from '../test-server.js'
import { created } from './hostile.js'

/**
 * A tenant's execution that takes its runner down (here a node that kills its own process, the
 * stand-in for a runaway expression or a native crash) is taken over by the next runner, which
 * dies of it too, and so on forever unless counted. These tests kill and restart real servers:
 * past `TROUPE_EXECUTION_MAX_TAKEOVERS` the execution is quarantined (failed, naming the node,
 * logged), the server stays up, and it is never resumed again. A stalled runner counts the same.
 * And an interrupted call that is not safe to repeat (an HTTP POST) fails as interrupted instead
 * of being sent twice.
 */

const faultsPlugin = path.resolve(import.meta.dirname, '../fixtures/plugins/runner-faults.ts')
const leaseMs = 1500
const metricsToken = 'crash-loop-metrics-token-0123456789'
const children: ChildProcess[] = []
let dataDir: string
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined
/** The server the inline tests share (one at a time: an embedded database has one process). */
let server: TroupeProcess | undefined

const env = (extra: Record<string, string> = {}) => ({
  PORT: '0',
  TROUPE_DATA_DIR: dataDir,
  DATABASE_URL: database?.url ?? '',
  TROUPE_SECRET_KEY: database ? 'crash-loop-test-secret-key-0123456789abcdef' : '',
  // Inline mode: each server runs its executions itself (queue mode has its own test below).
  REDIS_URL: '',
  MONGODB_URL: '',
  TROUPE_PLUGINS: faultsPlugin,
  TROUPE_EXECUTION_LEASE_MS: String(leaseMs),
  TROUPE_EXECUTION_MAX_TAKEOVERS: '1',
  TROUPE_ALLOW_LOOPBACK: 'true',
  TROUPE_METRICS_TOKEN: metricsToken,
  TROUPE_BCRYPT_ROUNDS: '4',
  TROUPE_RATE_LIMIT: '1000000',
  LOG_LEVEL: 'warn',
  ...extra
})

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-crash-loop-'))
  if (process.env.DATABASE_URL) database = await freshPostgresDatabase(process.env.DATABASE_URL)
})
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await database?.drop()
  await rm(dataDir, { recursive: true, force: true })
})

/** A new server on the shared database, once the previous one has exited. */
async function restart(): Promise<TroupeProcess> {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL')
    await server.exited
  }
  server = spawnTroupe('start', env(), children)
  return server
}

/** The shared server's URL, started when none runs. */
async function serving(): Promise<string> {
  const running = server && server.child.exitCode === null && server.child.signalCode === null ? server : await restart()
  return (await running.running)!
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function eventsOf(http: HttpClient, executionId: string) {
  const { body } = await http.get(`/execution-events?executionId=${executionId}&$limit=1000&$sort[seq]=1`)
  return body.data as Array<{ seq: number; type: string; nodeId: string | null; data: Record<string, unknown> }>
}

/** The JSON log lines a process wrote. */
function logLines(process: TroupeProcess): Array<Record<string, unknown>> {
  return process
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

const killerFlow = (name: string) =>
  flowBody(name, [node('in', 'trigger.manual'), node('boom', 'fault.kill'), node('out', 'flow.output')], [['in', 'boom'], ['boom', 'out']])

describe('an execution that kills its runner', () => {
  it('is quarantined after the allowed takeovers, naming the node; the server stays up and never resumes it', async () => {
    const tenant = await signupTenant(await serving())
    const flow = await created(tenant.admin, '/flows', killerFlow('kills its runner'))
    const first = server!
    // The server may die before it answers: the run starts as soon as the execution is stored.
    await tenant.admin.http.post('/executions', { flowId: flow.id, input: {} }).catch(() => undefined)
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' })

    // Takeover 1 (allowed): the next server resumes it and dies of it too, having stored first that "boom" ran.
    const second = await restart()
    expect(await second.exited).toMatchObject({ signal: 'SIGKILL' })

    // Takeover 2 is one more than allowed: the execution is quarantined and this server stays up.
    const third = await restart()
    const http = httpClient((await third.running)!, tenant.admin.accessToken)
    const [execution] = (await http.get(`/executions?flowId=${flow.id}`)).body.data as Array<{ id: string }>
    const reason = 'Quarantined: the execution stopped its runner 2 times while node "boom" was running; it will not be retried'
    const quarantined = await waitForExecution(http.get, execution.id, 30_000)
    expect(quarantined).toMatchObject({ status: 'failed', error: reason })
    // The count is the dispatcher's bookkeeping, like the lease: not part of the answer.
    expect(quarantined).not.toHaveProperty('takeovers')
    const events = await eventsOf(http, execution.id)
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1))
    expect(events.filter((event) => event.type === 'node.failed')).toEqual([expect.objectContaining({ nodeId: 'boom', data: { error: expect.stringMatching(/^quarantined/) } })])
    expect(events.at(-1)).toMatchObject({ type: 'execution.completed', data: { status: 'failed', error: reason } })
    expect(logLines(third)).toContainEqual(expect.objectContaining({ level: 40, msg: reason, executionId: execution.id, tenantId: tenant.id, nodeIds: ['boom'] }))
    const metrics = await fetch(`${(await third.running)!}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
    expect(await metrics.text()).toMatch(/troupe_executions_total\{status="failed"\} 1\b/)

    const healthy = await created({ http }, '/flows', flowBody('healthy', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const other = (await http.post('/executions', { flowId: healthy.id, input: { fine: true } })).body
    expect(await waitForExecution(http.get, other.id)).toMatchObject({ status: 'succeeded', output: { fine: true } })

    // A quarantined execution is finished: a restart past its lease does not touch it again.
    const fourth = await restart()
    const after = httpClient((await fourth.running)!, tenant.admin.accessToken)
    await sleep(leaseMs * 2)
    expect((await after.get(`/executions/${execution.id}`)).body).toMatchObject({ status: 'failed', error: reason })
    expect(await eventsOf(after, execution.id)).toHaveLength(events.length)
    expect(logLines(fourth).some((line) => line.executionId === execution.id)).toBe(false)
  }, 400_000)
})

describe('an interrupted call that is not safe to repeat', () => {
  let endpoint: Server
  const hits: string[] = []

  beforeAll(async () => {
    // Takes each POST and never answers it: the calls are in flight when the server is killed.
    endpoint = createServer((request: IncomingMessage) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => hits.push((JSON.parse(body) as { n: string }).n))
    })
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    endpoint.closeAllConnections()
    await new Promise((resolve) => endpoint.close(resolve))
  })

  it('fails as interrupted after a kill -9, and the endpoint was called once per execution', async () => {
    const tenant: TestTenant = await signupTenant(await serving())
    const tool = await created(tenant.admin, '/tools', {
      name: `post-${randomBytes(3).toString('hex')}`,
      kind: 'http',
      inputSchema: { type: 'object', properties: { n: { type: 'string' } }, required: ['n'] },
      http: { method: 'POST', url: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/orders`, body: { n: '{{ args.n }}' }, timeoutMs: 120_000 }
    })
    const flow = await created(
      tenant.admin,
      '/flows',
      flowBody('posts once', [node('in', 'trigger.manual'), node('call', 'tool.call', { toolId: tool.id, args: { n: 'order-{{ input.n }}' } }), node('out', 'flow.output')], [['in', 'call'], ['call', 'out']])
    )
    const executions = []
    for (let n = 1; n <= 5; n++) executions.push(await created(tenant.admin, '/executions', { flowId: flow.id, input: { n } }))
    for (let tries = 0; hits.length < 5; tries++) {
      if (tries > 400) throw new Error(`the endpoint got ${hits.length} calls`)
      await sleep(50)
    }

    await restart()
    const http = httpClient((await server!.running)!, tenant.admin.accessToken)
    for (const execution of executions) {
      expect(await waitForExecution(http.get, execution.id, 30_000)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^Node call failed: interrupted by a server stop during its last allowed attempt/)
      })
      expect((await eventsOf(http, execution.id)).filter((event) => event.nodeId === 'call' && event.type === 'node.failed')).toHaveLength(1)
    }
    await sleep(leaseMs)
    expect(hits.sort()).toEqual(['order-1', 'order-2', 'order-3', 'order-4', 'order-5'])
  }, 300_000)
})

// Two servers must share the database: an embedded one belongs to one process.
describe.skipIf(!process.env.DATABASE_URL)('a runner that stalls past its lease', () => {
  let own: Awaited<ReturnType<typeof freshPostgresDatabase>>
  beforeAll(async () => void (own = await freshPostgresDatabase(process.env.DATABASE_URL!)))
  afterAll(async () => own?.drop())

  it('is counted like one that died: the execution is quarantined once both stalled on it', async () => {
    // A database of its own: no other test's server may sweep it.
    const stallEnv = env({ DATABASE_URL: own.url })
    const [a, b] = [spawnTroupe('start', stallEnv, children), spawnTroupe('start', stallEnv, children)]
    const [urlA, urlB] = await Promise.all([a.running, b.running])
    const tenant = await signupTenant(urlA!)
    const flow = await created(tenant.admin, '/flows', flowBody('stalls', [node('in', 'trigger.manual'), node('stall', 'fault.stall', { ms: 4 * leaseMs })], [['in', 'stall']]))
    // Runs on A, which freezes past its lease; B takes it over (1, allowed) and freezes too; A wakes and takes it back (2).
    const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: {} })
    // Each server is frozen in turn on purpose: a poll that meets a frozen one (and is cut off when it wakes) is just tried again.
    const http = httpClient(urlB!, tenant.admin.accessToken)
    const get = (path: string) => http.get(path).catch(() => ({ body: {} }))
    const done = await waitForExecution(get, execution.id, 60_000)
    expect(done).toMatchObject({ status: 'failed', error: 'Quarantined: the execution stopped its runner 2 times while node "stall" was running; it will not be retried' })
    expect(a.child.exitCode).toBeNull()
    expect(b.child.exitCode).toBeNull()
    a.child.kill('SIGKILL')
    b.child.kill('SIGKILL')
  }, 300_000)
})

// Queue mode: workers share PostgreSQL and Redis, and a worker is what dies.
describe.skipIf(!(process.env.DATABASE_URL && process.env.REDIS_URL))('an execution that kills its worker', () => {
  let own: Awaited<ReturnType<typeof freshPostgresDatabase>>
  beforeAll(async () => void (own = await freshPostgresDatabase(process.env.DATABASE_URL!)))
  afterAll(async () => own?.drop())

  it('is quarantined after the allowed takeovers while the API keeps serving', async () => {
    // A database of its own: an inline server of another test would run the queued execution itself.
    const queueEnv = env({ DATABASE_URL: own.url, REDIS_URL: process.env.REDIS_URL!, TROUPE_REDIS_NAMESPACE: `crash-loop-${randomBytes(4).toString('hex')}` })
    const api = spawnTroupe('start', queueEnv, children)
    const url = (await api.running)!
    const tenant = await signupTenant(url)
    const flow = await created(tenant.admin, '/flows', killerFlow('kills its worker'))
    // The API only enqueues it: it answers, and the workers die of it.
    const execution = await created(tenant.admin, '/executions', { flowId: flow.id, input: {} })
    for (const _takeover of [0, 1]) {
      const worker = spawnTroupe('worker', queueEnv, children)
      expect(await worker.exited).toMatchObject({ signal: 'SIGKILL' })
    }
    const survivor = spawnTroupe('worker', queueEnv, children)
    await survivor.running
    const reason = 'Quarantined: the execution stopped its runner 2 times while node "boom" was running; it will not be retried'
    expect(await waitForExecution(tenant.admin.http.get, execution.id, 60_000)).toMatchObject({ status: 'failed', error: reason })
    expect(logLines(survivor)).toContainEqual(expect.objectContaining({ level: 40, msg: reason, executionId: execution.id, tenantId: tenant.id }))
    expect(survivor.child.exitCode).toBeNull()
    expect(api.child.exitCode).toBeNull()
    survivor.child.kill('SIGKILL')
    api.child.kill('SIGKILL')
  }, 300_000)
})
