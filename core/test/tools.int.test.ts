import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExternalMcpServer, type ExternalMcpServer } from './external-mcp-server.js'
import { flowBody, node, waitForExecution } from './flows-graph.js'
import { signupTenant, type TestTenant, type TestUser } from './tenants.js'
import { startTestServer, type TestServer } from './test-server.js'

const secretToken = 'tok-THIS-MUST-NEVER-LEAK-9f8e7d'
const mcpKey = 'mcp-key-NEVER-LEAK-4455'
const logLines: string[] = []
let server: TestServer
let a: TestTenant
let b: TestTenant
let viewer: TestUser
let member: TestUser
let api: Server
let apiUrl: string
let mcp: ExternalMcpServer

const addTool = {
  name: 'add',
  description: 'Adds a and b',
  kind: 'code',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  code: 'export default ({ a, b }) => { console.log(`adding ${a} and ${b}`); return a + b }'
}

/** A stand-in for a third-party API: echoes what it got, answers 500 on /broken, redirects on /redirect. */
async function startApi(): Promise<Server> {
  const http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname === '/broken') return void response.writeHead(500, { 'content-type': 'text/plain' }).end('database on fire')
    if (url.pathname === '/redirect') return void response.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end()
    const chunks: Buffer[] = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({
          method: request.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          authorization: request.headers.authorization ?? null,
          body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null
        })
      )
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return http
}

beforeAll(async () => {
  api = await startApi()
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  mcp = await startExternalMcpServer(mcpKey)
  // The stand-in API and MCP server listen on 127.0.0.1, which tenants' tools may not reach by default.
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true' }, { logLines })
  ;[a, b] = await Promise.all([signupTenant(server.url, 'A'), signupTenant(server.url, 'B')])
  ;[viewer, member] = await Promise.all([a.addUser('viewer'), a.addUser('member')])
})
afterAll(async () => {
  await server?.close()
  await mcp?.close()
  api?.closeAllConnections()
  await new Promise((resolve) => api?.close(resolve))
})

const createTool = async (body: Record<string, unknown>, user: TestUser = a.admin) => {
  const response = await user.http.post('/tools', body)
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body
}
const testRun = (toolId: string, args: unknown, user: TestUser = a.admin) => user.http.post(`/tools/${toolId}/test`, { args })

describe('tools service', () => {
  it('stores a code tool and lists it for everyone in the tenant, but not for other tenants', async () => {
    const tool = await createTool(addTool, member)
    expect(tool).toMatchObject({ name: 'add', kind: 'code', exposeViaMcp: false, secretNames: [], runtime: null, createdBy: member.id })
    expect((await viewer.http.get(`/tools/${tool.id}`)).status).toBe(200)
    expect((await b.admin.http.get(`/tools/${tool.id}`)).status).toBe(404)
    expect((await b.admin.http.get('/tools')).body.total).toBe(0)
    expect((await b.admin.http.post(`/tools/${tool.id}/test`, { args: { a: 1, b: 2 } })).status).toBe(404)
  })

  it.each([
    ['a name that is not a valid tool name', { ...addTool, name: 'add numbers' }, 'name'],
    ['a code tool without code', { ...addTool, name: 'nocode', code: undefined }, 'code'],
    ['settings of another kind', { ...addTool, name: 'mixed', http: { method: 'GET', url: 'https://example.com' } }, 'http'],
    ['an input schema that is not an object schema', { ...addTool, name: 'scalar', inputSchema: { type: 'string' } }, 'inputSchema.type'],
    ['an input schema that does not compile', { ...addTool, name: 'broken', inputSchema: { type: 'object', properties: { a: { type: 'nope' } } } }, 'inputSchema'],
    ['a runtime that is not loaded', { ...addTool, name: 'elsewhere', runtime: 'mainframe' }, 'runtime'],
    ['a language the runtime does not run', { ...addTool, name: 'cobol', language: 'cobol' }, 'language'],
    [
      'a template that uses a secret which is not set',
      { name: 'unset', kind: 'http', http: { method: 'GET', url: 'https://example.com', headers: { Authorization: 'Bearer {{ secrets.token }}' } } },
      'http.headers.Authorization'
    ],
    ['an MCP server on a link-local address', { name: 'meta', kind: 'mcp', mcp: { serverUrl: 'http://169.254.169.254/mcp', toolName: 'x' } }, 'mcp.serverUrl']
  ])('refuses %s with a 400 naming the field', async (_case, body, field) => {
    const response = await a.admin.http.post('/tools', body)
    expect(response.status, JSON.stringify(response.body)).toBe(400)
    expect(response.body.data.map((error: { field: string }) => error.field)).toContain(field)
  })

  it('refuses a second tool of the same name with 409, and lets viewers change nothing', async () => {
    await createTool({ ...addTool, name: 'unique-name' })
    expect((await a.admin.http.post('/tools', { ...addTool, name: 'unique-name' })).status).toBe(409)
    expect((await viewer.http.post('/tools', { ...addTool, name: 'by-viewer' })).status).toBe(403)
    const tool = (await a.admin.http.get('/tools?name=unique-name')).body.data[0]
    expect((await viewer.http.patch(`/tools/${tool.id}`, { description: 'x' })).status).toBe(403)
    expect((await viewer.http.post(`/tools/${tool.id}/test`, { args: { a: 1, b: 2 } })).status).toBe(403)
  })

  it('checks a patch against the whole tool', async () => {
    const tool = await createTool({ ...addTool, name: 'patched' })
    const response = await a.admin.http.patch(`/tools/${tool.id}`, { kind: 'http' })
    expect(response.status).toBe(400)
    expect(response.body.data.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['http', 'code']))
    expect((await a.admin.http.get(`/tools/${tool.id}`)).body.kind).toBe('code')
  })
})

describe('code tools', () => {
  let add: { id: string }
  beforeAll(async () => {
    add = await createTool({ ...addTool, name: 'adder' })
  })

  it('test-runs with arguments and returns result, logs and duration', async () => {
    const response = await testRun(add.id, { a: 2, b: 3 })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ ok: true, result: 5, logs: ['adding 2 and 3'] })
    expect(response.body.durationMs).toBeGreaterThan(0)
  })

  it('refuses arguments that do not match the input schema, naming the field, before running anything', async () => {
    const response = await testRun(add.id, { a: 'two' })
    expect(response.status).toBe(400)
    expect(response.body.data).toEqual(
      expect.arrayContaining([
        { field: 'args.a', message: 'must be number' },
        { field: 'args.b', message: 'is required' }
      ])
    )
  })

  it('reports a throwing tool as ok: false with its error', async () => {
    const tool = await createTool({ name: 'thrower', kind: 'code', code: "export default () => { throw new TypeError('no such city') }" })
    expect((await testRun(tool.id, {})).body).toMatchObject({ ok: false, error: expect.stringContaining('TypeError: no such city') })
  })

  it('has no host APIs in the sandbox', async () => {
    const probe = await createTool({
      name: 'probe',
      kind: 'code',
      code: `export default async () => ({
        fetch: typeof fetch, require: typeof require, process: typeof process, setTimeout: typeof setTimeout,
        fs: await import('node:fs').then(() => 'loaded', (error) => String(error))
      })`
    })
    const { body } = await testRun(probe.id, {})
    expect(body).toMatchObject({ ok: true, result: { fetch: 'undefined', require: 'undefined', process: 'undefined', setTimeout: 'undefined' } })
    expect(body.result.fs).not.toBe('loaded')
  })

  it('stops an infinite loop at its time limit while the server keeps answering', async () => {
    const loop = await createTool({ name: 'spinner', kind: 'code', code: 'export default () => { for (;;) {} }', limits: { timeoutMs: 1500 } })
    const started = Date.now()
    const running = testRun(loop.id, {})
    await new Promise((resolve) => setTimeout(resolve, 300))
    const healthStarted = Date.now()
    const health = await fetch(`${server.url}/health`)
    const healthMs = Date.now() - healthStarted
    const { body } = await running
    expect(body).toMatchObject({ ok: false, error: expect.stringMatching(/timed out after 1500 ms/) })
    expect(Date.now() - started).toBeLessThan(4000)
    expect(health.status).toBe(200)
    expect(healthMs).toBeLessThan(500)
  })

  it('fails a memory bomb within its memory limit and runs the next call normally', async () => {
    const bomb = await createTool({
      name: 'bomb',
      kind: 'code',
      code: "export default () => { const hoard = []; for (;;) hoard.push('x'.repeat(1e6) + hoard.length) }",
      limits: { memoryMb: 32 }
    })
    expect((await testRun(bomb.id, {})).body).toMatchObject({ ok: false, error: expect.stringMatching(/out of memory/) })
    expect((await testRun(add.id, { a: 1, b: 1 })).body).toMatchObject({ ok: true, result: 2 })
  })
})

describe.skipIf(!process.env.DOCKER_HOST)('code tools in the Docker sandbox (DOCKER_HOST set)', () => {
  it('runs a JavaScript and a Python tool in containers, through the same test-run path', async () => {
    const js = await createTool({ ...addTool, name: 'docker-add', runtime: 'sandbox-docker', limits: { timeoutMs: 10_000, memoryMb: 128 } })
    expect((await testRun(js.id, { a: 2, b: 40 })).body).toMatchObject({ ok: true, result: 42, logs: ['adding 2 and 40'] })
    const py = await createTool({
      name: 'docker-py',
      kind: 'code',
      runtime: 'sandbox-docker',
      language: 'python',
      code: "def main(args):\n    return {'upper': args['text'].upper()}\n",
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      limits: { timeoutMs: 10_000, memoryMb: 128 }
    })
    expect((await testRun(py.id, { text: 'troupe' })).body).toMatchObject({ ok: true, result: { upper: 'TROUPE' } })
  })
})

describe('HTTP tools', () => {
  it('fills templates from args and secrets, keeps the secret out of every answer, and parses JSON', async () => {
    const created = await a.admin.http.post('/tools', {
      name: 'weather',
      kind: 'http',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      http: {
        method: 'POST',
        url: `${apiUrl}/weather?city={{ args.city }}`,
        headers: { Authorization: 'Bearer {{ secrets.token }}' },
        body: { city: '{{ args.city }}', units: 'metric' }
      },
      secrets: { token: secretToken }
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.secretNames).toEqual(['token'])
    const listed = await a.admin.http.get('/tools?name=weather')
    const { body } = await testRun(created.body.id, { city: 'São Paulo & Rio' })
    expect(body).toMatchObject({
      ok: true,
      result: {
        status: 200,
        body: { method: 'POST', query: { city: 'São Paulo & Rio' }, body: { city: 'São Paulo & Rio', units: 'metric' }, authorization: 'Bearer [redacted]' }
      }
    })
    for (const text of [JSON.stringify(created.body), JSON.stringify(listed.body), JSON.stringify(body), logLines.join('\n')]) {
      expect(text).not.toContain(secretToken)
    }
  })

  it('fails on an error status, quoting the answer', async () => {
    const tool = await createTool({ name: 'broken-api', kind: 'http', http: { method: 'GET', url: `${apiUrl}/broken` } })
    expect((await testRun(tool.id, {})).body).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 500 from 127\.0\.0\.1:\d+: database on fire/) })
  })

  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['the metadata address in hex', 'http://0xa9fea9fe/latest/meta-data/'],
    ['the metadata address as IPv4-mapped IPv6', 'http://[::ffff:169.254.169.254]/'],
    ['a private network address', 'http://10.0.0.1/admin'],
    ['a redirect to the metadata address', 'REDIRECT']
  ])('refuses %s', async (_case, url) => {
    const target = url === 'REDIRECT' ? `${apiUrl}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}` : url
    const tool = await createTool({ name: `ssrf-${Math.random().toString(36).slice(2, 8)}`, kind: 'http', http: { method: 'GET', url: target, timeoutMs: 3000 } })
    const { body } = await testRun(tool.id, {})
    expect(body).toMatchObject({ ok: false, error: expect.stringMatching(/is a (metadata|link-local|private) address, which outbound calls may not reach/) })
  })

  it('refuses loopback addresses, however written, when loopback is not allowed', async () => {
    const strict = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'false' })
    try {
      const tenant = await signupTenant(strict.url)
      const port = (api.address() as AddressInfo).port
      for (const host of ['127.0.0.1', '0x7f000001', '[::ffff:127.0.0.1]', '2130706433', 'localhost']) {
        const created = await tenant.admin.http.post('/tools', {
          name: `loop-${host.replace(/[^a-z0-9]/gi, '')}`,
          kind: 'http',
          http: { method: 'GET', url: `http://${host}:${port}/` }
        })
        expect(created.status).toBe(201)
        const { body } = await tenant.admin.http.post(`/tools/${created.body.id}/test`, { args: {} })
        expect(body, host).toMatchObject({ ok: false, error: expect.stringMatching(/loopback address/) })
      }
    } finally {
      await strict.close()
    }
  })
})

describe('MCP client tools', () => {
  it('lists the tools of an external MCP server for selection', async () => {
    const response = await a.admin.http.post('/mcp-discovery', { serverUrl: `${mcp.url}/mcp`, headers: { 'x-api-key': mcpKey } })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    expect(response.body).toMatchObject({ serverName: 'calculator', tools: [{ name: 'add', inputSchema: { required: ['a', 'b'] } }, { name: 'fail' }] })
    const refused = await a.admin.http.post('/mcp-discovery', { serverUrl: `${mcp.url}/mcp`, headers: { 'x-api-key': 'wrong' } })
    expect(refused.status).toBe(400)
    expect(refused.body.data).toEqual([{ field: 'serverUrl', message: 'did not answer as an MCP server' }])
  })

  it.each(['streamable-http', 'sse'] as const)('calls a tool of the server over %s with its secret header', async (transport) => {
    const tool = await createTool({
      name: `mcp-add-${transport}`,
      kind: 'mcp',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
      mcp: { serverUrl: `${mcp.url}/${transport === 'sse' ? 'sse' : 'mcp'}`, transport, toolName: 'add', headers: { 'x-api-key': '{{ secrets.key }}' } },
      secrets: { key: mcpKey }
    })
    expect((await testRun(tool.id, { a: 20, b: 22 })).body).toMatchObject({ ok: true, result: { sum: 42 } })
    expect(mcp.seenKeys.at(-1)).toBe(mcpKey)
  })

  it("reports the server's tool error as ok: false", async () => {
    const tool = await createTool({ name: 'mcp-fail', kind: 'mcp', mcp: { serverUrl: `${mcp.url}/mcp`, toolName: 'fail', headers: { 'x-api-key': mcpKey } } })
    expect((await testRun(tool.id, {})).body).toMatchObject({ ok: false, error: expect.stringContaining('the calculator is broken') })
  })
})

describe('tool.call node', () => {
  it('runs a tool inside a flow with templated args and outputs its result', async () => {
    const tool = await createTool({ ...addTool, name: 'flow-adder' })
    const inputSchema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] }
    const flow = await a.admin.http.post(
      '/flows',
      flowBody(
        'uses a tool',
        [node('start', 'trigger.manual', { inputSchema }), node('add', 'tool.call', { toolId: tool.id, args: { a: '{{ input.a }}', b: 10 } }), node('out', 'flow.output')],
        [['start', 'add'], ['add', 'out']]
      )
    )
    expect(flow.status, JSON.stringify(flow.body)).toBe(201)
    const started = await a.admin.http.post('/executions', { flowId: flow.body.id, input: { a: 32 } })
    const finished = await waitForExecution(a.admin.http.get, started.body.id)
    expect(finished).toMatchObject({ status: 'succeeded', output: 42 })

    const refused = await a.admin.http.post('/executions', { flowId: flow.body.id, input: { a: 'many' } })
    expect(refused.status).toBe(400)
    expect(refused.body.data).toEqual([{ field: 'input.a', message: 'must be number' }])
  })

  it("fails the node with the tool's argument error", async () => {
    const tool = await createTool({ ...addTool, name: 'strict-adder' })
    const flow = await a.admin.http.post(
      '/flows',
      flowBody('bad args', [node('start', 'trigger.manual'), node('add', 'tool.call', { toolId: 'strict-adder', args: { a: 'x' } })], [['start', 'add']])
    )
    const started = await a.admin.http.post('/executions', { flowId: flow.body.id, input: {} })
    const finished = await waitForExecution(a.admin.http.get, started.body.id)
    expect(finished.status).toBe('failed')
    expect(finished.error).toMatch(/Invalid arguments for tool strict-adder: /)
    expect(finished.error).toContain('args.a must be number')
    expect(finished.error).toContain('args.b is required')
    expect(tool.id).toBeTruthy()
  })
})
