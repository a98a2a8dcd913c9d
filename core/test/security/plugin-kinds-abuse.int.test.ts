import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowBody, node } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { signupTenant, type TestTenant, type TestUser } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, expectFreeOf, waitFor } from './hostile.js'

/**
 * Plugin API 1.5 against hostile tenants and a misbehaving plugin: tool kinds' settings are
 * checked with field-naming 400s, their secrets stay bound to their origin and out of answers,
 * errors and logs, a call is held to its kind's time and size limits and to the outbound policy;
 * a trigger that throws, leaks its timer or floods fails its own flow only, and a stopped trigger
 * starts nothing.
 */
const token = 'hostile-token-4e8d1c9b7a'
const secrets = { token }
const logLines: string[] = []

let server: TestServer
let tenant: TestTenant
let other: TestTenant
let viewer: TestUser
let home: Server
let homeUrl: string
let away: Server
let awayUrl: string
const awaySeen: IncomingHttpHeaders[] = []

async function listenOn(handler: Parameters<typeof createServer>[1]): Promise<[Server, string]> {
  const listener = createServer(handler)
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  return [listener, `http://127.0.0.1:${(listener.address() as AddressInfo).port}`]
}

beforeAll(async () => {
  ;[away, awayUrl] = await listenOn((request, response) => {
    awaySeen.push(request.headers)
    response.end('away')
  })
  ;[home, homeUrl] = await listenOn((request, response) => {
    if (request.url === '/redirect') {
      response.writeHead(302, { location: `${awayUrl}/landed` })
      return response.end()
    }
    response.end(`home saw ${request.headers.authorization ? 'a token' : 'none'}`)
  })
  server = await startTestServer(
    { TROUPE_PLUGINS: './core/test/fixtures/plugins/hostile-kinds.ts', TROUPE_ALLOW_LOOPBACK: 'true', TROUPE_TRIGGER_SYNC_MS: '200', TROUPE_TENANT_MAX_CONCURRENT_EXECUTIONS: '3' },
    { logLines }
  )
  tenant = await signupTenant(server.url)
  other = await signupTenant(server.url)
  viewer = await tenant.addUser('viewer')
}, 60_000)

afterAll(async () => {
  await server?.close()
  await Promise.all([home, away].map((listener) => new Promise((resolve) => listener?.close(resolve))))
})

const echoTool = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'hostile.echo',
  settings: { url: `${homeUrl}/api` },
  inputSchema: { type: 'object', properties: { mode: { type: 'string' }, to: { type: 'string' } } },
  ...extra
})
const testCall = (user: Pick<TestUser, 'http'>, toolId: string, args: Record<string, unknown>) => user.http.post(`/tools/${toolId}/test`, { args })
const schemaOf = (tenantId: string) => `tenant_${tenantId.replace(/-/g, '')}`
const executionsOf = (tenantId: string, flowId: string) =>
  server.app.get('knex')('executions').withSchema(schemaOf(tenantId)).where({ flowId }).select('id', 'status', 'input') as Promise<Array<{ id: string; status: string; input: any }>>

describe('tools of a plugin kind, written by hostile tenants', () => {
  it('refuses unknown kinds, missing, wrong or misplaced settings with a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...echoTool('a1'), kind: 'nobody.kind' }, 'kind'],
      [{ ...echoTool('a2'), kind: 'Code; drop table tools' }, 'kind'],
      [{ ...echoTool('a3'), settings: undefined }, 'settings'],
      [{ ...echoTool('a4'), settings: { url: 'not a url' } }, 'settings.url'],
      [{ ...echoTool('a5'), settings: { url: `${homeUrl}/`, extra: 1 } }, 'settings'],
      [{ name: 'a6', kind: 'http', http: { method: 'GET', url: `${homeUrl}/` }, settings: { url: homeUrl } }, 'settings'],
      [{ ...echoTool('a7'), settings: Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`k${index}`, index])) }, 'settings']
    ]
    for (const [body, field] of cases) {
      const { status, body: answer } = await tenant.admin.http.post('/tools', body)
      expect(status, JSON.stringify(answer)).toBe(400)
      expect(JSON.stringify(answer.data ?? answer.errors ?? answer)).toContain(field)
    }
    const { body } = await tenant.admin.http.get('/tools?$limit=100')
    expect(body.data.map((tool: { name: string }) => tool.name).filter((name: string) => /^a\d$/.test(name))).toEqual([])
  })

  it('lets no viewer or anonymous caller create one, and no other tenant run one', async () => {
    expect((await viewer.http.post('/tools', echoTool('viewer-tool'))).status).toBe(403)
    expect((await httpClient(server.url).post('/tools', echoTool('anon-tool'))).status).toBe(401)
    const tool = await created(tenant.admin, '/tools', echoTool('mine', { secrets }))
    expect((await testCall(other.admin, tool.id, { mode: 'echo-secret' })).status).toBe(404)
  })

  it('keeps its secrets out of answers, errors, logs and the tool itself', async () => {
    const tool = await created(tenant.admin, '/tools', echoTool('echo', { secrets }))
    expectFreeOf(JSON.stringify(tool), secrets, 'the created tool')
    const echoed = await testCall(tenant.admin, tool.id, { mode: 'echo-secret' })
    expect(echoed.body.ok).toBe(true)
    expectFreeOf(JSON.stringify(echoed.body), { token, base64: Buffer.from(token).toString('base64') }, 'the result and logs')
    const thrown = await testCall(tenant.admin, tool.id, { mode: 'throw-secret' })
    expect(thrown.body).toMatchObject({ ok: false })
    expect(thrown.body.error).toContain('the vendor refused')
    expectFreeOf(JSON.stringify(thrown.body), secrets, 'the error')
    expectFreeOf(logLines.join('\n'), secrets, 'the logs')
  })

  it('binds secrets to the origin they were saved for: a move drops them, a row moved behind the API fails', async () => {
    const tool = await created(tenant.admin, '/tools', echoTool('bound', { secrets }))
    expect(tool.secretsOrigin).toBe(homeUrl)
    const moved = await tenant.admin.http.patch(`/tools/${tool.id}`, { settings: { url: `${awayUrl}/api` } })
    expect(moved.body).toMatchObject({ secretNames: [], secretsOrigin: null })

    const kept = await created(tenant.admin, '/tools', echoTool('tampered', { secrets }))
    await server.app.get('knex')('tools').withSchema(schemaOf(tenant.id)).where({ id: kept.id }).update({ settings: JSON.stringify({ url: `${awayUrl}/api` }) })
    const call = await testCall(tenant.admin, kept.id, { mode: 'fetch' })
    expect(call.body).toMatchObject({ ok: false })
    expect(call.body.error).toContain('saved for another destination')
    expect(awaySeen).toHaveLength(0)
  })

  it('sends no credential past a redirect to another origin, and reaches no private address', async () => {
    const tool = await created(tenant.admin, '/tools', echoTool('redirected', { secrets }))
    const redirected = await testCall(tenant.admin, tool.id, { mode: 'fetch', to: `${homeUrl}/redirect` })
    expect(redirected.body).toMatchObject({ ok: true, result: { status: 200, body: 'away' } })
    expect(awaySeen.at(-1)?.authorization).toBeUndefined()
    const atHome = await testCall(tenant.admin, tool.id, { mode: 'fetch' })
    expect(atHome.body.result).toEqual({ status: 200, body: 'home saw a token' })

    const privateCall = await testCall(tenant.admin, tool.id, { mode: 'fetch', to: 'http://10.255.255.1/' })
    expect(privateCall.body.ok).toBe(false)
    expect(privateCall.body.error).toMatch(/not allowed|forbidden|private/i)
  })

  it('holds a call to its kind time limit even when the plugin ignores the signal, and to its size limit', async () => {
    const tool = await created(tenant.admin, '/tools', echoTool('limits'))
    const started = Date.now()
    const hung = await testCall(tenant.admin, tool.id, { mode: 'hang' })
    expect(hung.body).toMatchObject({ ok: false })
    expect(hung.body.error).toContain('timed out after 300 ms')
    expect(Date.now() - started).toBeLessThan(5_000)
    const huge = await testCall(tenant.admin, tool.id, { mode: 'huge' })
    expect(huge.body.ok).toBe(false)
    expect(huge.body.error).toContain('more than its kind allows')
  })
})

const templatedTool = (name: string, settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'hostile.templated',
  settings: { url: `${homeUrl}/api`, headers: { authorization: 'Bearer {{ secrets.token }}' }, ...settings },
  inputSchema: { type: 'object', properties: { mode: { type: 'string' } } },
  secrets,
  ...extra
})

describe('a kind that places secrets by templates and sets limits per tool (plugin API 2), against hostile tenants', () => {
  it('refuses a secret template outside the places the kind names, one naming no secret or one not set, with a 400 naming the field; nothing is stored', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [templatedTool('t1', { url: `${homeUrl}/api?key={{ secrets.token }}` }), 'settings.url', /may only be placed at headers\.\*/],
      [templatedTool('t2', { headers: { all: '{{ secrets }}' } }), 'settings.headers.all', /must name one secret/],
      [templatedTool('t3', { headers: { authorization: '{{ secrets.missing }}' } }), 'settings.headers.authorization', /secret missing, which is not set/],
      [templatedTool('t4', { url: 'http://{{ args.host }}/api' }), 'settings.url', /must start with a fixed origin/],
      [templatedTool('t5', { check: 'bad' }), 'settings.url', /is not one this kind accepts/],
      [templatedTool('t6', { check: 'throw' }), 'settings', /could not be checked/],
      [templatedTool('t7', { check: 'not-a-list' }), 'settings', /could not be checked/]
    ]
    for (const [body, field, message] of cases) {
      const { status, body: answer } = await tenant.admin.http.post('/tools', body)
      expect(status, JSON.stringify(answer)).toBe(400)
      expect(answer.data).toContainEqual({ field, message: expect.stringMatching(message) })
      expectFreeOf(JSON.stringify(answer), secrets, 'the refusal')
    }
    const { body } = await tenant.admin.http.get('/tools?$limit=100')
    expect(body.data.map((tool: { name: string }) => tool.name).filter((name: string) => /^t\d$/.test(name))).toEqual([])
    expectFreeOf(logLines.join('\n'), secrets, 'the logs')
  })

  it('fills secrets only where the kind takes them, and scrubs them from the answer', async () => {
    const tool = await created(tenant.admin, '/tools', templatedTool('templated'))
    const call = await testCall(tenant.admin, tool.id, {})
    expect(call.body).toMatchObject({ ok: true, result: { headers: { authorization: 'Bearer [redacted]' } } })
    expectFreeOf(JSON.stringify(call.body), secrets, 'the answer')
  })

  it("holds a call to the tool's own time limit, and fails a call whose kind answers bad limits instead of running it unbounded", async () => {
    const quick = await created(tenant.admin, '/tools', templatedTool('quick', { timeoutMs: 150 }))
    const started = Date.now()
    const hung = await testCall(tenant.admin, quick.id, { mode: 'hang' })
    expect(hung.body).toMatchObject({ ok: false, error: expect.stringContaining('timed out after 150 ms') })
    expect(Date.now() - started).toBeLessThan(5_000)
    for (const limits of ['throw', 'negative']) {
      const tool = await created(tenant.admin, '/tools', templatedTool(`limits-${limits}`, { limits }))
      const call = await testCall(tenant.admin, tool.id, { mode: 'hang' })
      expect(call.status).toBe(201)
      expect(call.body).toMatchObject({ ok: false, error: expect.stringMatching(/cannot run: its kind/) })
    }
  })

  it('re-checks the places before a call: a row edited behind the API to put a secret in the URL fails before anything is sent', async () => {
    const tool = await created(tenant.admin, '/tools', templatedTool('edited'))
    await server.app
      .get('knex')('tools')
      .withSchema(schemaOf(tenant.id))
      .where({ id: tool.id })
      .update({ settings: JSON.stringify({ url: `${homeUrl}/api?key={{ secrets.token }}` }) })
    const call = await testCall(tenant.admin, tool.id, {})
    expect(call.body).toMatchObject({ ok: false, error: expect.stringMatching(/cannot run: settings\.url may not use secrets/) })
  })
})

describe('triggers of a misbehaving plugin', () => {
  const triggerFlow = (name: string, mode: string) => flowBody(name, [node('t', 'hostile.trigger', { mode }), node('out', 'flow.output')], [['t', 'out']])

  it('a start that throws fails its own flow only: the other flows of every tenant keep firing', async () => {
    const broken = await created(tenant.admin, '/flows', triggerFlow('broken', 'throw'))
    const healthy = await created(other.admin, '/flows', triggerFlow('healthy', 'tick'))
    await waitFor(async () => ((await executionsOf(other.id, healthy.id)).length >= 2 ? true : undefined), 10_000)
    expect(await executionsOf(tenant.id, broken.id)).toHaveLength(0)
    expect(logLines.some((line) => line.includes('a trigger failed to start') && line.includes(broken.id))).toBe(true)
    await other.admin.http.delete(`/flows/${healthy.id}`)
  })

  it('a stopped trigger starts nothing, even when its plugin leaks the timer', async () => {
    const leaky = await created(tenant.admin, '/flows', triggerFlow('leaky', 'leak'))
    await waitFor(async () => ((await executionsOf(tenant.id, leaky.id)).length >= 2 ? true : undefined), 10_000)
    await tenant.admin.http.delete(`/flows/${leaky.id}`)
    await waitFor(() => (server.app.get('triggerHost').size === 0 ? true : undefined), 5_000)
    const settled = (await executionsOf(tenant.id, leaky.id)).length
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect((await executionsOf(tenant.id, leaky.id)).length).toBe(settled)
  })

  it('a key is 1 to 200 characters and fires once', async () => {
    const keyed = await created(tenant.admin, '/flows', triggerFlow('keyed', 'bad-key'))
    const runs = await waitFor(async () => {
      const rows = await executionsOf(tenant.id, keyed.id)
      return rows.length >= 1 ? rows : undefined
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await executionsOf(tenant.id, keyed.id)).toHaveLength(1)
    expect(runs[0].input).toEqual({ first: true })
    await tenant.admin.http.delete(`/flows/${keyed.id}`)
  })

  it("a flooding trigger is held to its tenant's concurrency quota; another tenant still runs", async () => {
    const flood = await created(
      tenant.admin,
      '/flows',
      flowBody('flood', [node('t', 'hostile.trigger', { mode: 'flood' }), node('wait', 'util.delay', { ms: 1000 }), node('out', 'flow.output')], [['t', 'wait'], ['wait', 'out']])
    )
    await waitFor(async () => ((await executionsOf(tenant.id, flood.id)).length >= 3 ? true : undefined), 10_000)
    const active = (await executionsOf(tenant.id, flood.id)).filter((row) => ['queued', 'running'].includes(row.status))
    expect(active.length).toBeLessThanOrEqual(3)
    const manual = await created(other.admin, '/flows', flowBody('calm', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))
    const run = await created(other.admin, '/executions', { flowId: manual.id, input: { ok: 1 } })
    expect(run.status).not.toBe('failed')
    await tenant.admin.http.delete(`/flows/${flood.id}`)
  })
})
