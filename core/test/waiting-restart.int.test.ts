import type { ChildProcess } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { httpClient } from './http.js'
import { launchTroupe, sharedServerEnv } from './processes.js'
import { waitFor } from './security/hostile.js'
import { settle } from './socket.js'
import { signupTenant } from './tenants.js'
import { freshPostgresDatabase } from './test-server.js'
import { tenantSchemaName } from '../src/db/tenant-schema.js'

// Queue mode on PostgreSQL + Redis: an API instance and a worker, killed, then new ones.
const available = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL)
const children: ChildProcess[] = []
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
let client: pg.Client

describe.skipIf(!available)('a waiting execution across a restart (PostgreSQL + Redis queue mode)', () => {
  let env: Record<string, string>

  beforeAll(async () => {
    database = await freshPostgresDatabase(process.env.DATABASE_URL!)
    client = new pg.Client({ connectionString: database.url })
    await client.connect()
    env = sharedServerEnv('waits', database.url, {
      TROUPE_EXECUTION_LEASE_MS: '1000',
      TROUPE_PLUGINS: path.resolve(import.meta.dirname, 'fixtures/plugins/waits.ts')
    })
  }, 60_000)

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await client?.end()
    await database?.drop()
  })

  it('holds no lease while waiting, survives kill -9 of every process, and resumes on new ones', async () => {
    const [api1, worker1] = await Promise.all([launchTroupe('start', env, children), launchTroupe('worker', env, children)])
    const tenant = await signupTenant(api1.url!)
    const onApi1 = httpClient(api1.url!, tenant.admin.accessToken)
    const flow = (
      await onApi1.post(
        '/flows',
        flowBody(
          'approve',
          [node('in', 'trigger.manual'), node('first', 'data.transform', { expression: 'input.n + 1' }), node('ask', 'test.wait', { reason: 'Sign it off' }), node('out', 'flow.output')],
          [['in', 'first'], ['first', 'ask'], ['ask', 'out']]
        )
      )
    ).body
    const execution = (await onApi1.post('/executions', { flowId: flow.id, input: { n: 41 } })).body
    await waitFor(async () => ((await onApi1.get(`/executions/${execution.id}`)).body.status === 'waiting' ? true : undefined), 30_000)

    const schema = tenantSchemaName(tenant.id)
    const row = async () => (await client.query(`select status, runner_id, lease_until, takeovers from "${schema}".executions where id = $1`, [execution.id])).rows[0]
    expect(await row()).toEqual({ status: 'waiting', runner_id: null, lease_until: null, takeovers: 0 })
    const eventCount = async () => Number((await client.query(`select count(*) from "${schema}".execution_events where execution_id = $1`, [execution.id])).rows[0].count)
    const storedBefore = await eventCount()

    api1.child.kill('SIGKILL')
    worker1.child.kill('SIGKILL')
    const [api2] = await Promise.all([launchTroupe('start', env, children), launchTroupe('worker', env, children)])
    // Several leases and recovery sweeps later, nobody took it: it held no lease to run out.
    await settle(3_000)
    expect(await row()).toEqual({ status: 'waiting', runner_id: null, lease_until: null, takeovers: 0 })
    expect(await eventCount()).toBe(storedBefore)

    const onApi2 = httpClient(api2.url!, tenant.admin.accessToken)
    expect((await onApi2.post('/test-resumes', { executionId: execution.id, nodeId: 'ask', data: { signed: 'Ann' } })).status).toBe(201)
    const done = await waitForExecution(onApi2.get, execution.id, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', output: { input: 42, resumedWith: { signed: 'Ann' } } })
    expect((await row()).takeovers).toBe(0)
    const events = (await onApi2.get(`/execution-events?executionId=${execution.id}&$limit=100&$sort[seq]=1`)).body.data as Array<{ seq: number; type: string; nodeId: string | null }>
    expect(events.map((event) => event.seq)).toEqual(events.map((_event, index) => index + 1))
    expect(events.filter((event) => event.type === 'node.started' && event.nodeId === 'first')).toHaveLength(1)
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['execution.waiting', 'execution.resumed', 'execution.completed']))
  }, 120_000)
})
