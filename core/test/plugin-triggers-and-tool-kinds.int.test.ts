import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import type { Application } from '../src/declarations.js'
import { listen } from '../src/http/listen.js'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { created, waitFor } from './security/hostile.js'
import { signupTenant, type TestTenant } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Plugin API 1.5 end to end, with the example plugin of docs/plugins.md, which lives outside the
 * repo's workspaces and is loaded by path: its trigger type starts a flow every second (once per
 * tick with two instances on one database), the flow calls a tool of its tool kind, and the tool
 * reaches a JSON endpoint with its secret.
 */
const examplePlugin = './docs/examples/plugin-ticker/src/index.ts'
const token = 'tkn-7f3a9c2e5b1d'

let server: TestServer
let second: Application
let tenant: TestTenant
let endpoint: Server
let endpointUrl: string
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = []

beforeAll(async () => {
  endpoint = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers })
    const query = Object.fromEntries(new URL(request.url ?? '/', 'http://x').searchParams)
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ status: 'green', query }))
  })
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve))
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`
  server = await startTestServer({ TROUPE_PLUGINS: examplePlugin, TROUPE_ALLOW_LOOPBACK: 'true', TROUPE_TRIGGER_SYNC_MS: '200' })
  // A second instance on the same database: both run every trigger, one execution per tick.
  second = await createApp({ config: server.app.get('config'), knex: server.app.get('knex') })
  await listen(second, 0, '127.0.0.1')
  tenant = await signupTenant(server.url)
}, 60_000)

afterAll(async () => {
  second?.server.closeAllConnections()
  await second?.teardown()
  await server?.close()
  await new Promise((resolve) => endpoint?.close(resolve))
})

const schemaOf = (tenantId: string) => `tenant_${tenantId.replace(/-/g, '')}`
const tickerExecutions = async (flowId: string) =>
  (await server.app.get('knex')('executions').withSchema(schemaOf(tenant.id)).where({ flowId, trigger: 'ticker.every' }).select('id', 'input', 'status')) as Array<{
    id: string
    input: { tick: number }
    status: string
  }>

describe('a plugin from outside the workspace contributes a trigger type and a tool kind', () => {
  it('lists them among the loaded plugins, with the settings schema the workspace draws the form from', async () => {
    const { body } = await tenant.admin.http.get('/plugins/ticker')
    expect(body.contributes).toMatchObject({
      nodeTypes: ['ticker.every'],
      triggerTypes: ['ticker.every'],
      toolKinds: [{ kind: 'ticker.json-get', displayName: 'JSON GET', holdsSecrets: true, settingsSchema: { required: ['url'] } }]
    })
  })

  it('starts a flow by its trigger, once per tick across two instances, and the flow calls its tool', async () => {
    const tool = await created(tenant.admin, '/tools', {
      name: 'status',
      kind: 'ticker.json-get',
      settings: { url: `${endpointUrl}/status` },
      inputSchema: { type: 'object', properties: { tick: { type: 'integer' } }, required: ['tick'] },
      secrets: { token }
    })
    expect(tool).toMatchObject({ kind: 'ticker.json-get', secretNames: ['token'], secretsOrigin: endpointUrl, settings: { url: `${endpointUrl}/status` } })
    expect(JSON.stringify(tool)).not.toContain(token)

    const flow = await created(
      tenant.admin,
      '/flows',
      flowBody(
        'every second',
        [
          node('tick', 'ticker.every', { intervalSeconds: 1, payload: { team: 'ops' } }),
          node('check', 'tool.call', { toolId: tool.id, args: { tick: '{{ input.tick }}' } }),
          node('out', 'flow.output')
        ],
        [
          ['tick', 'check'],
          ['check', 'out']
        ]
      )
    )
    const runs = await waitFor(async () => {
      const rows = await tickerExecutions(flow.id)
      return rows.filter((row) => row.status === 'succeeded').length >= 3 ? rows : undefined
    }, 20_000)
    // Two instances fired every tick; each tick ran once.
    const ticks = runs.map((row) => row.input.tick)
    expect(new Set(ticks).size).toBe(ticks.length)
    expect(server.app.get('triggerHost').size).toBe(1)
    expect(second.get('triggerHost').size).toBe(1)

    const done = await waitForExecution(tenant.admin.http.get, runs.find((row) => row.status === 'succeeded')!.id)
    expect(done).toMatchObject({ trigger: 'ticker.every', status: 'succeeded', input: { payload: { team: 'ops' } } })
    expect(done.output).toEqual({ status: 'green', query: { tick: String(done.input.tick) } })
    const call = seen.find((request) => request.url === `/status?tick=${done.input.tick}`)
    expect(call?.headers.authorization).toBe(`Bearer ${token}`)

    // A save without the trigger stops it on both instances (this one at once, the other at its next sync).
    await tenant.admin.http.patch(`/flows/${flow.id}`, {
      nodes: [node('in', 'trigger.manual'), node('out', 'flow.output')],
      edges: [{ id: 'e0', source: 'in', target: 'out' }]
    })
    await waitFor(() => (server.app.get('triggerHost').size === 0 && second.get('triggerHost').size === 0 ? true : undefined), 5_000)
    const before = (await tickerExecutions(flow.id)).length
    await new Promise((resolve) => setTimeout(resolve, 2_200))
    expect((await tickerExecutions(flow.id)).length).toBe(before)
  }, 40_000)

  it('a tool of the kind can be tested from the API like any tool', async () => {
    const tool = await created(tenant.admin, '/tools', {
      name: 'status-test',
      kind: 'ticker.json-get',
      settings: { url: `${endpointUrl}/health` },
      inputSchema: { type: 'object', properties: { verbose: { type: 'boolean' } } }
    })
    const { status, body } = await tenant.admin.http.post(`/tools/${tool.id}/test`, { args: { verbose: true } })
    expect(status).toBe(201)
    expect(body).toMatchObject({ ok: true, result: { status: 'green', query: { verbose: 'true' } }, logs: [`GET ${endpointUrl}/health → 200`] })
  })
})

describe("the plugin's settings reach its trigger", () => {
  it("refuses to tick faster than the operator's TROUPE_TICKER_MIN_INTERVAL_SECONDS, failing that flow's trigger only", async () => {
    const logLines: string[] = []
    const strict = await startTestServer({ TROUPE_PLUGINS: examplePlugin, TROUPE_TICKER_MIN_INTERVAL_SECONDS: '3600' }, { logLines })
    try {
      const owner = await signupTenant(strict.url)
      const fast = await created(owner.admin, '/flows', flowBody('too fast', [node('tick', 'ticker.every', { intervalSeconds: 1 }), node('out', 'flow.output')], [['tick', 'out']]))
      await waitFor(() => (logLines.some((line) => line.includes('a trigger failed to start') && line.includes(fast.id)) ? true : undefined), 5_000)
      expect(logLines.find((line) => line.includes(fast.id) && line.includes('failed to start'))).toContain("below this server's minimum of 3600")
      await created(owner.admin, '/flows', flowBody('hourly', [node('tick', 'ticker.every', { intervalSeconds: 3600 }), node('out', 'flow.output')], [['tick', 'out']]))
      await waitFor(() => (strict.app.get('triggerHost').size === 1 ? true : undefined), 5_000)
    } finally {
      await strict.close()
    }
  })
})
