import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restPrefix } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { httpClient } from './http.js'
import { launchTroupe, sharedServerEnv } from './processes.js'
import { connectSocket, settle } from './socket.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { freshPostgresDatabase } from './test-server.js'

// Two API processes and two workers sharing one PostgreSQL database and one Redis.
const available = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL)
const children: ChildProcess[] = []
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>

describe.skipIf(!available)('several API instances and workers (PostgreSQL + Redis)', () => {
  let api1: string
  let api2: string
  let workers: ChildProcess[]
  let tenant: TestTenant

  beforeAll(async () => {
    database = await freshPostgresDatabase(process.env.DATABASE_URL!)
    const env = sharedServerEnv('multi', database.url, {
      TROUPE_EXECUTION_LEASE_MS: '1500',
      TROUPE_RATE_LIMIT: '300'
    })
    ;[api1, api2] = (await Promise.all([launchTroupe('start', env, children), launchTroupe('start', env, children)])).map((launched) => launched.url!)
    workers = (await Promise.all([launchTroupe('worker', env, children), launchTroupe('worker', env, children)])).map((launched) => launched.child)
    tenant = await signupTenant(api2)
  }, 120_000)

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await database?.drop()
  })

  it('streams every event, in order, to a client of API #1 watching an execution created through API #2 and run by a worker', async () => {
    const socket = await connectSocket(api1, tenant.admin.accessToken)
    const onApi2 = httpClient(api2, tenant.admin.accessToken)
    const flow = (
      await onApi2.post(
        '/flows',
        flowBody('relay', [node('in', 'trigger.manual'), node('a', 'util.delay', { ms: 300 }), node('b', 'data.transform', { expression: 'input.n + 1' }), node('out', 'flow.output')], [['in', 'a'], ['a', 'b'], ['b', 'out']])
      )
    ).body
    const seen: Array<{ seq: number; type: string }> = []
    const execution = (await onApi2.post('/executions', { flowId: flow.id, input: { n: 41 } })).body
    socket.service('execution-events').on('created', (event: { executionId: string; seq: number; type: string }) => {
      if (event.executionId === execution.id) seen.push(event)
    })
    // Subscribing replays nothing: events before it are read back over REST, the rest arrive live.
    await socket.service('execution-subscriptions').create({ executionId: execution.id })
    const done = await waitForExecution(httpClient(api1, tenant.admin.accessToken).get, execution.id, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', output: 42 })
    await settle(300)
    const stored = (await onApi2.get(`/execution-events?executionId=${execution.id}&$limit=100&$sort[seq]=1`)).body.data as Array<{ seq: number; type: string }>
    const live = seen.map((event) => event.seq)
    expect(live.length).toBeGreaterThan(3)
    expect(live).toEqual([...live].sort((x, y) => x - y))
    expect(live).toEqual(stored.slice(stored.length - live.length).map((event) => event.seq))
    expect(seen.at(-1)?.type).toBe('execution.completed')
    socket.close()
  }, 60_000)

  it('finishes executions of a worker killed with -9 mid-run, on the other worker', async () => {
    // A tenant of its own: polling the six runs must not eat the first test's request budget.
    const owner = await signupTenant(api1)
    const onApi1 = httpClient(api1, owner.admin.accessToken)
    const flow = (await onApi1.post('/flows', flowBody('survivor', [node('in', 'trigger.manual'), node('wait', 'util.delay', { ms: 1500 }), node('out', 'flow.output')], [['in', 'wait'], ['wait', 'out']]))).body
    const ids: string[] = []
    for (let n = 0; n < 6; n++) ids.push((await onApi1.post('/executions', { flowId: flow.id, input: { n } })).body.id)
    await settle(600)
    workers[0].kill('SIGKILL')
    const done = await Promise.all(ids.map((id) => waitForExecution(onApi1.get, id, 45_000)))
    for (const [n, execution] of done.entries()) expect(execution, execution.error).toMatchObject({ status: 'succeeded', output: { n } })
  }, 90_000)

  it('shares rate limits across API instances through Redis', async () => {
    const fresh = await signupTenant(api1)
    const statuses: number[] = []
    for (let index = 0; index < 340; index++) {
      const base = index % 2 === 0 ? api1 : api2
      const response = await fetch(`${base}${restPrefix}/flows`, { headers: { authorization: `Bearer ${fresh.admin.accessToken}` } })
      statuses.push(response.status)
    }
    const allowed = statuses.filter((status) => status === 200).length
    // 300 per minute in total, not 300 per instance.
    expect(allowed).toBeLessThanOrEqual(300)
    expect(statuses).toContain(429)
  }, 30_000)
})
