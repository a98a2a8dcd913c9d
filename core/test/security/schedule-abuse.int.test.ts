import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node } from '../flows-graph.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, waitFor } from './hostile.js'

/**
 * Schedules written by hostile tenants: expressions that never fire, are huge or smuggle text are
 * refused at save naming the field; previews check params the same way; a schedule firing every
 * second is held to its tenant's concurrency quota while another tenant runs; one tenant's ticks
 * never show in another's.
 */
let server: TestServer
let tenant: TestTenant
let other: TestTenant

beforeAll(async () => {
  server = await startTestServer({ TROUPE_TRIGGER_SYNC_MS: '200', TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS: '2' })
  tenant = await signupTenant(server.url)
  other = await signupTenant(server.url)
})
afterAll(async () => {
  await server?.close()
})

const scheduled = (params: Record<string, unknown>, extra: ReturnType<typeof node>[] = []) =>
  flowBody(`schedule ${Math.random()}`, [node('tick', 'trigger.schedule', params), ...extra, node('out', 'flow.output')], extra.length ? [['tick', extra[0].id], [extra[0].id, 'out']] : [['tick', 'out']])

describe('hostile schedules', () => {
  it('refuses at save, naming the field, what cannot be a schedule', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ cron: '0 0 30 2 *' }, 'nodes.0.params.cron'],
      [{ cron: `${'1,'.repeat(150)}2 * * * *` }, 'nodes.0.params.cron'],
      [{ cron: '0 9 * * *; rm -rf /' }, 'nodes.0.params.cron'],
      [{ cron: '0 9 * * *\n0 10 * * *' }, 'nodes.0.params.cron'],
      [{ cron: '0 9 * * *', timezone: '../../etc/passwd' }, 'nodes.0.params.timezone'],
      [{ intervalSeconds: 1.5 }, 'nodes.0.params.intervalSeconds'],
      [{ intervalSeconds: 60, missed: 'all' }, 'nodes.0.params.missed'],
      [{ intervalSeconds: 60, extra: true }, 'nodes.0.params']
    ]
    for (const [params, field] of cases) {
      const response = await tenant.admin.http.post('/flows', scheduled(params))
      expect(response.status, `${JSON.stringify(params)} → ${JSON.stringify(response.body)}`).toBe(400)
      expect(response.body.data.map((error: { field: string }) => error.field).join(' ')).toContain(field)
    }
    expect((await tenant.admin.http.get('/flows')).body.total).toBe(0)
  })

  it('lets no viewer schedule a flow', async () => {
    const viewer = await tenant.addUser('viewer')
    expect((await viewer.http.post('/flows', scheduled({ intervalSeconds: 60 }))).status).toBe(403)
  })

  it('checks preview params like a save, and answers nothing for what has no preview', async () => {
    const refusals: Array<[unknown, string]> = [
      [{ type: 'trigger.schedule', params: { cron: '0 0 30 2 *' } }, 'params.cron'],
      [{ type: 'trigger.schedule', params: Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`p${index}`, index])) }, 'params'],
      [{ type: 'no.such-type', params: {} }, 'type'],
      [{ type: 'trigger.schedule', params: { intervalSeconds: 5 }, extra: 1 }, 'extra']
    ]
    for (const [body, field] of refusals) {
      const response = await tenant.admin.http.post('/node-type-previews', body)
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(JSON.stringify(response.body.data)).toContain(field)
    }
  })

  it("holds a schedule firing every second to its tenant's quota; another tenant still runs, and sees none of its ticks", async () => {
    const flood = await created(tenant.admin, '/flows', scheduled({ cron: '* * * * * *' }, [node('slow', 'util.delay', { ms: 3000 })]))
    const schema = `tenant_${tenant.id.replace(/-/g, '')}`
    const active = () => server.app.get('knex')('executions').withSchema(schema).where({ flowId: flood.id }).whereIn('status', ['queued', 'running']).count({ n: '*' }).first()
    const peak = { n: 0 }
    await waitFor(async () => {
      peak.n = Math.max(peak.n, Number((await active())?.n ?? 0))
      return peak.n >= 2 ? true : undefined
    }, 10_000)
    for (let sample = 0; sample < 20; sample++) {
      peak.n = Math.max(peak.n, Number((await active())?.n ?? 0))
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(peak.n).toBe(2)
    const calm = await created(other.admin, '/flows', flowBody('calm', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    expect((await other.admin.http.post('/executions', { flowId: calm.id, input: {} })).status).toBe(201)
    const seen = (await other.admin.http.get('/executions?$limit=100')).body.data as Array<{ flowId: string }>
    expect(seen.every((execution) => execution.flowId === calm.id)).toBe(true)
    await tenant.admin.http.delete(`/flows/${flood.id}`)
  }, 30_000)
})
