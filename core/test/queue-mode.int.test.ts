import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { connectSocket, settle } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { freshPostgresDatabase } from './test-server.js'
import { launchTroupe, sharedServerEnv } from './processes.js'

// Queue mode runs API and workers as separate processes sharing PostgreSQL and Redis.
const available = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL)
const children: ChildProcess[] = []
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
let env: Record<string, string>
const launch = (command: 'start' | 'worker') => launchTroupe(command, env, children)

describe.skipIf(!available)('queue mode (BullMQ workers on Redis)', () => {
  let url: string
  let tenant: TestTenant
  let workers: ChildProcess[]

  beforeAll(async () => {
    database = await freshPostgresDatabase(process.env.DATABASE_URL!)
    env = sharedServerEnv('queue', database.url, {
      TROUPE_EXECUTION_LEASE_MS: '1500',
      TROUPE_WORKER_CONCURRENCY: '20',
      TROUPE_RATE_LIMIT: '1000000',
      // The test follows 200 executions at once from one address: more connections than one client may hold by default.
      TROUPE_HTTP_CONNECTIONS_PER_IP: '1000'
    })
    url = (await launch('start')).url!
    workers = (await Promise.all([launch('worker'), launch('worker')])).map((launched) => launched.child)
    tenant = await signupTenant(url)
  }, 120_000)

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await database?.drop()
  })

  it('runs 200 executions exactly once each, with no event lost or doubled, through a worker kill -9', async () => {
    const socket = await connectSocket(url, tenant.admin.accessToken)
    const finishedOverSocket = new Set<string>()
    socket.service('executions').on('patched', (execution: { id: string; status: string }) => {
      if (['succeeded', 'failed', 'cancelled'].includes(execution.status)) finishedOverSocket.add(execution.id)
    })
    const flow = (
      await tenant.admin.http.post(
        '/flows',
        flowBody(
          'queued',
          [
            node('in', 'trigger.manual'),
            node('wait', 'util.delay', { ms: 200 }, { retry: { max: 1 } }),
            node('double', 'data.transform', { expression: 'input.n * 2' }),
            node('out', 'flow.output')
          ],
          [['in', 'wait'], ['wait', 'double'], ['double', 'out']]
        )
      )
    ).body
    const ids: string[] = []
    for (let n = 0; n < 200; n++) {
      const response = await tenant.admin.http.post('/executions', { flowId: flow.id, input: { n } })
      expect(response.status).toBe(201)
      ids.push(response.body.id)
      if (n === 60) workers[0].kill('SIGKILL')
    }
    const done = await Promise.all(ids.map((id) => waitForExecution(tenant.admin.http.get, id, 60_000)))
    done.forEach((execution, n) => expect(execution, execution.id).toMatchObject({ status: 'succeeded', output: n * 2 }))

    for (const id of ids) {
      const events = (await tenant.admin.http.get(`/execution-events?executionId=${id}&$limit=1000`)).body.data as Array<{
        seq: number
        type: string
      }>
      expect(events.map((event) => event.seq)).toEqual(events.map((_event, index) => index + 1))
      expect(events.filter((event) => event.type === 'execution.completed')).toHaveLength(1)
    }
    // Status changes reach Socket.IO clients of the API from the workers. A worker killed between
    // storing a final status and publishing it takes that one notification with it (the stored
    // state and event log are complete); executions started after the kill lose nothing.
    await settle(500)
    expect(ids.slice(70).filter((id) => !finishedOverSocket.has(id))).toEqual([])
    expect(finishedOverSocket.size).toBeGreaterThan(150)
    socket.close()
  }, 180_000)

  it('cancels an execution running on a worker from the API', async () => {
    const flow = (
      await tenant.admin.http.post('/flows', flowBody('long', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 20_000 })], [['in', 'wait']]))
    ).body
    const execution = (await tenant.admin.http.post('/executions', { flowId: flow.id, input: {} })).body
    for (let tries = 0; (await tenant.admin.http.get(`/executions/${execution.id}`)).body.status !== 'running'; tries++) {
      if (tries > 200) throw new Error('never started')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const started = Date.now()
    await tenant.admin.http.patch(`/executions/${execution.id}`, { status: 'cancelled' })
    const done = await waitForExecution(tenant.admin.http.get, execution.id, 10_000)
    expect(done.status).toBe('cancelled')
    expect(Date.now() - started).toBeLessThan(2000)
  }, 60_000)

  it('runs sub-flows on the workers: a flow.map and a flow.call resumed by their children\'s ends wherever they end', async () => {
    const item = (
      await tenant.admin.http.post(
        '/flows',
        flowBody('queued item', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 50 }), node('work', 'data.transform', { expression: '{"n": value.n}' }), node('out', 'flow.output')], [
          ['in', 'wait'],
          ['wait', 'work'],
          ['work', 'out']
        ])
      )
    ).body
    const map = (
      await tenant.admin.http.post('/flows', flowBody('queued map', [node('in', 'trigger.manual'), node('map', 'flow.map', { items: 'value.list', flowId: item.id, concurrency: 6 }), node('out', 'flow.output')], [['in', 'map'], ['map', 'out']]))
    ).body
    const call = (
      await tenant.admin.http.post('/flows', flowBody('queued call', [node('in', 'trigger.manual'), node('call', 'flow.call', { flowId: map.id }), node('out', 'flow.output')], [['in', 'call'], ['call', 'out']]))
    ).body
    const list = Array.from({ length: 40 }, (_, n) => ({ n }))
    const execution = (await tenant.admin.http.post('/executions', { flowId: call.id, input: { list } })).body
    const done = await waitForExecution(tenant.admin.http.get, execution.id, 120_000)
    expect(done).toMatchObject({ status: 'succeeded', output: list })
    const [mapRun] = (await tenant.admin.http.get(`/executions?parentExecutionId=${execution.id}`)).body.data
    const items = (await tenant.admin.http.get(`/executions?parentExecutionId=${mapRun.id}&$limit=100`)).body.data as Array<{ callKey: string; status: string }>
    expect(items.map((run) => Number(run.callKey)).sort((a, b) => a - b)).toEqual(list.map(({ n }) => n))
    expect(items.every((run) => run.status === 'succeeded')).toBe(true)
  }, 180_000)
})
