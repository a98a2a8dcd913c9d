import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import type { Application } from '../src/declarations.js'
import { listen } from '../src/http/listen.js'
import { flowBody, node } from './flows-graph.js'
import { httpClient } from './http.js'
import { launchTroupe, sharedServerEnv, spawnTroupe } from './processes.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { freshPostgresDatabase, startTestServer, type TestServer } from './test-server.js'

/**
 * `trigger.schedule` (the flow-control plugin): checked at save naming the field, previewed for
 * the editor, fired once per tick by any number of instances, and after a stop the missed ticks
 * follow the node's policy.
 */
let server: TestServer
let tenant: TestTenant
const extra: Application[] = []

beforeAll(async () => {
  server = await startTestServer({ TROUPE_TRIGGER_SYNC_MS: '200' })
  tenant = await signupTenant(server.url)
})
afterAll(async () => {
  for (const app of extra) {
    app.server?.closeAllConnections()
    await app.teardown()
  }
  await server?.close()
})

const scheduled = (name: string, params: Record<string, unknown>) => flowBody(name, [node('tick', 'trigger.schedule', params), node('out', 'flow.output')], [['tick', 'out']])
const runsOf = async (flowId: string) =>
  ((await server.app.get('knex')('executions').withSchema(`tenant_${tenant.id.replace(/-/g, '')}`).where({ flowId }).select('input', 'trigger')) as Array<{ input: { scheduledFor: string }; trigger: string }>).map(
    (row) => row.input.scheduledFor
  )

async function secondInstance(): Promise<Application> {
  const app = await createApp({ config: server.app.get('config'), knex: server.app.get('knex') })
  await listen(app, 0, '127.0.0.1')
  extra.push(app)
  return app
}

describe('schedules', () => {
  it('refuses a schedule that cannot fire, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'nodes.0.params.cron'],
      [{ cron: '0 9 * *' }, 'nodes.0.params.cron'],
      [{ cron: '99 * * * *' }, 'nodes.0.params.cron'],
      [{ cron: '0 9 * * *', intervalSeconds: 60 }, 'nodes.0.params.intervalSeconds'],
      [{ cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 'nodes.0.params.timezone'],
      [{ intervalSeconds: 0 }, 'nodes.0.params.intervalSeconds']
    ]
    for (const [params, field] of cases) {
      const response = await tenant.admin.http.post('/flows', scheduled('bad schedule', params))
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(response.body.data.map((error: { field: string }) => error.field)).toContain(field)
    }
  })

  it('previews the next five fire times for the editor, in the time zone', async () => {
    const viewer = await tenant.addUser('viewer')
    const { status, body } = await viewer.http.post('/node-type-previews', { type: 'trigger.schedule', params: { cron: '30 8 * * 1', timezone: 'America/New_York' } })
    expect(status).toBe(201)
    expect(body.title).toBe('Next fire times')
    expect(body.items).toHaveLength(5)
    for (const item of body.items) expect(new Date(item).toLocaleString('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric', minute: '2-digit' })).toBe('Mon 8:30 AM')
    const refused = await viewer.http.post('/node-type-previews', { type: 'trigger.schedule', params: { cron: 'every day' } })
    expect(refused.status).toBe(400)
    expect(refused.body.data[0].field).toBe('params.cron')
    expect((await viewer.http.post('/node-type-previews', { type: 'trigger.manual', params: {} })).body.data).toEqual([{ field: 'type', message: 'has no preview' }])
    expect((await httpClient(server.url).post('/node-type-previews', { type: 'trigger.schedule', params: { intervalSeconds: 5 } })).status).toBe(401)
  })

  it('fires once per tick with two instances on one database', async () => {
    const second = await secondInstance()
    const flow = await created(tenant.admin, '/flows', scheduled('every second', { intervalSeconds: 1, input: { team: 'ops' } }))
    await waitFor(() => (second.get('triggerHost').size >= 1 ? true : undefined), 5_000)
    const ticks = await waitFor(async () => {
      const found = await runsOf(flow.id)
      return found.length >= 4 ? found : undefined
    }, 15_000)
    expect(new Set(ticks).size).toBe(ticks.length)
    for (const tick of ticks) expect(new Date(tick).getUTCMilliseconds()).toBe(0)
    const [row] = await server.app.get('knex')('executions').withSchema(`tenant_${tenant.id.replace(/-/g, '')}`).where({ flowId: flow.id }).select('input', 'trigger').limit(1)
    expect(row).toMatchObject({ trigger: 'trigger.schedule', input: { team: 'ops' } })
    await tenant.admin.http.delete(`/flows/${flow.id}`)
  }, 30_000)

  it('stops when its flow is deactivated and starts again when it is activated', async () => {
    const flow = await created(tenant.admin, '/flows', scheduled('switched', { intervalSeconds: 1 }))
    expect(flow.active).toBe(true)
    await waitFor(async () => ((await runsOf(flow.id)).length >= 1 ? true : undefined), 10_000)
    const off = await tenant.admin.http.patch(`/flows/${flow.id}`, { active: false })
    expect(off.body.active).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 1200))
    const before = (await runsOf(flow.id)).length
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect((await runsOf(flow.id)).length).toBe(before)
    // A viewer cannot switch it on.
    const viewer = await tenant.addUser('viewer')
    expect((await viewer.http.patch(`/flows/${flow.id}`, { active: true })).status).toBe(403)
    expect((await tenant.admin.http.get(`/flows?active=false&id=${flow.id}`)).body.data).toHaveLength(1)
    await tenant.admin.http.patch(`/flows/${flow.id}`, { active: true })
    await waitFor(async () => ((await runsOf(flow.id)).length > before ? true : undefined), 10_000)
    await tenant.admin.http.delete(`/flows/${flow.id}`)
  }, 30_000)

  it('after a stop, runs the first missed tick once with run-once, and none with skip', async () => {
    const catchUp = await created(tenant.admin, '/flows', scheduled('catch up', { intervalSeconds: 2, missed: 'run-once' }))
    const skip = await created(tenant.admin, '/flows', scheduled('skip', { intervalSeconds: 2 }))
    await waitFor(async () => ((await runsOf(catchUp.id)).length >= 1 && (await runsOf(skip.id)).length >= 1 ? true : undefined), 10_000)
    // Everything that runs triggers stops: the ticks of the next five seconds are missed.
    for (const app of [server.app, ...extra]) await app.get('triggerHost').stop()
    const stoppedAt = Date.now()
    const before = { catchUp: await runsOf(catchUp.id), skip: await runsOf(skip.id) }
    await new Promise((resolve) => setTimeout(resolve, 5_000))
    expect((await runsOf(catchUp.id)).length).toBe(before.catchUp.length)

    const restarted = await secondInstance()
    const restartedAt = Date.now()
    await waitFor(async () => ((await runsOf(catchUp.id)).length > before.catchUp.length ? true : undefined), 5_000)
    const caughtUp = (await runsOf(catchUp.id)).filter((tick) => !before.catchUp.includes(tick)).sort()
    // The first missed tick, once; then the regular ticks from the restart on.
    const lastBefore = before.catchUp.sort().at(-1)!
    expect(caughtUp[0]).toBe(new Date(new Date(lastBefore).getTime() + 2_000).toISOString())
    expect(new Date(caughtUp[0]).getTime()).toBeLessThan(restartedAt)
    expect(caughtUp.slice(1).every((tick) => new Date(tick).getTime() > restartedAt)).toBe(true)
    await waitFor(async () => ((await runsOf(skip.id)).length > before.skip.length ? true : undefined), 5_000)
    const skipped = (await runsOf(skip.id)).filter((tick) => !before.skip.includes(tick))
    expect(skipped.every((tick) => new Date(tick).getTime() > restartedAt)).toBe(true)
    expect(stoppedAt).toBeLessThan(restartedAt)
    await restarted.get('triggerHost').stop()
  }, 40_000)
})

describe('a schedule due while its server is killed (kill -9)', () => {
  const children: ChildProcess[] = []
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'troupe-schedule-crash-'))
  })
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  it('after the restart, the missed tick runs once and nothing runs twice', async () => {
    const env = { PORT: '0', TROUPE_DATA_DIR: dataDir, TROUPE_BCRYPT_ROUNDS: '4', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '', TROUPE_SECRET_KEY: 'a-test-secret-key-that-is-long-enough-0123456789' }
    const first = spawnTroupe('start', env, children)
    const url = (await first.running)!
    const owner = await signupTenant(url)
    const flow = await created(owner.admin, '/flows', scheduled('survives', { intervalSeconds: 2, missed: 'run-once' }))
    const ticksOf = async (base: string) =>
      ((await httpClient(base, owner.admin.accessToken).get(`/executions?flowId=${flow.id}&$limit=100`)).body.data as Array<{ input: { scheduledFor: string }; status: string }>).map((run) => run.input.scheduledFor)
    await waitFor(async () => ((await ticksOf(url)).length >= 1 ? true : undefined), 10_000)
    first.child.kill('SIGKILL')
    const killedAt = Date.now()
    await first.exited
    await new Promise((resolve) => setTimeout(resolve, 4_500))

    const second = spawnTroupe('start', env, children)
    const again = (await second.running)!
    const restartedAt = Date.now()
    const ticks = await waitFor(async () => {
      const found = await ticksOf(again)
      return found.some((tick) => new Date(tick).getTime() > restartedAt + 2_000) ? found : undefined
    }, 15_000)
    expect(new Set(ticks).size).toBe(ticks.length)
    // Every two seconds but for one gap: the ticks due while it was down, of which only the first ran.
    const times = ticks.map((tick) => new Date(tick).getTime()).sort((a, b) => a - b)
    const gapAfter = times.slice(0, -1).filter((time, index) => times[index + 1] - time > 2_000)
    expect(gapAfter).toHaveLength(1)
    // That one ran after the restart, for a time while the server was down.
    expect(gapAfter[0]).toBeGreaterThan(killedAt)
    expect(gapAfter[0]).toBeLessThan(restartedAt)
    second.child.kill('SIGKILL')
  }, 90_000)
})

describe.skipIf(!(process.env.DATABASE_URL && process.env.REDIS_URL))('schedules on two API instances and a worker (PostgreSQL + Redis)', () => {
  const children: ChildProcess[] = []
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await database?.drop()
  })

  it('N ticks make N executions', async () => {
    database = await freshPostgresDatabase(process.env.DATABASE_URL!)
    const env = sharedServerEnv('schedules', database.url, { TROUPE_TRIGGER_SYNC_MS: '300', TROUPE_RATE_LIMIT: '1000000' })
    const [api1, api2] = (await Promise.all([launchTroupe('start', env, children), launchTroupe('start', env, children)])).map((launched) => launched.url!)
    await launchTroupe('worker', env, children)
    const owner = await signupTenant(api1)
    const flow = await created(owner.admin, '/flows', scheduled('queued ticks', { cron: '* * * * * *' }))
    const onApi2 = httpClient(api2, owner.admin.accessToken)
    const runs = await waitFor(async () => {
      const { body } = await onApi2.get(`/executions?flowId=${flow.id}&$limit=100`)
      expect(Array.isArray(body.data), JSON.stringify(body)).toBe(true)
      return body.data.filter((run: { status: string }) => run.status === 'succeeded').length >= 5 ? body.data : undefined
    }, 30_000)
    const ticks = (runs as Array<{ input: { scheduledFor: string } }>).map((run) => run.input.scheduledFor).sort()
    expect(new Set(ticks).size).toBe(ticks.length)
    // Consecutive seconds: no tick lost between the first and the last seen.
    const span = (new Date(ticks.at(-1)!).getTime() - new Date(ticks[0]).getTime()) / 1000 + 1
    expect(ticks.length).toBe(span)
  }, 90_000)
})
