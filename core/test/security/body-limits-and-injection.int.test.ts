import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TroupeClient } from '@troupe/sdk'
import { flowBody, node, waitForExecution } from '../flows-graph.js'
import { httpClient } from '../http.js'
import { connectSocket } from '../socket.js'
import { signupTenant, type TestTenant } from '../tenants.js'
import { startTestServer, type TestServer } from '../test-server.js'
import { created, deeplyNested, expectNoPollution, rawSocketCall, socketCall } from './hostile.js'

/**
 * Bodies built to hurt: over the size limit, nested thousands of levels deep, carrying NUL
 * characters or `__proto__` keys, and template or expression text written to break out of the
 * template language or JSONata. Each is a 4xx or stays inert data, and the server keeps serving.
 */

let server: TestServer
let a: TestTenant
let socket: TroupeClient
let stub: Server
let stubUrl: string
/** Requests the stand-in API received: path with query, and headers. */
const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = []
const ids: Record<string, string> = {}
const toolSecret = 'tool-secret-NEVER-SPLICED-7f3a'

beforeAll(async () => {
  stub = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve))
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`
  // The stub HTTP tools call listens on 127.0.0.1, which tools may not reach by default.
  // Runaway expressions here fail their node; the tenant's CPU share (which would then refuse its
  // next evaluations for a while) is tenant-logic-isolation's subject, not this suite's.
  server = await startTestServer({ TROUPE_ALLOW_LOOPBACK: 'true', TROUPE_LOGIC_CPU_MS_PER_SECOND: '64000' })
  a = await signupTenant(server.url, 'A')
  ids.plain = (await created(a.admin, '/flows', flowBody('plain', [node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']]))).id
  ids.hook = (await created(a.admin, '/flows', flowBody('hook', [node('hook', 'trigger.webhook'), node('out', 'flow.output')], [['hook', 'out']]))).id
  ids.tool = (await created(a.admin, '/tools', { name: 'echo', kind: 'code', code: 'export default (args) => args' })).id
  ids.provider = (await a.admin.http.get('/llm-providers')).body.data[0].id
  socket = await connectSocket(server.url, a.admin.accessToken)
})
afterAll(async () => {
  socket?.close()
  await server?.close()
  stub?.closeAllConnections()
  await new Promise((resolve) => stub?.close(resolve))
})

const health = async () => (await fetch(`${server.url}/health`)).status
/** Creates a flow and runs it to its end. */
async function run(nodes: ReturnType<typeof node>[], edges: Array<[string, string, string?]>, input: unknown = {}) {
  const flow = await created(a.admin, '/flows', flowBody(`run ${Math.random()}`, nodes, edges))
  const started = await created(a.admin, '/executions', { flowId: flow.id, input })
  return waitForExecution(a.admin.http.get, started.id, 15_000)
}
const expect4xx = (status: number, what: string) => {
  expect(status, what).toBeGreaterThanOrEqual(400)
  expect(status, what).toBeLessThan(500)
}

describe('size', () => {
  const eleven = `{"name":"big","description":"${'x'.repeat(11 * 1024 * 1024)}"}`

  it.each([
    ['an authenticated create', '/flows', true],
    ['the public signup', '/signup', false],
    ['the public login', '/authentication', false],
    ['a public webhook', `/hooks/HOOK`, false],
    ['a tool test-run', '/tools/TOOL/test', true]
  ])('an 11 MiB body to %s is a 413 and the server keeps serving', async (_case, path, authenticated) => {
    const http = authenticated ? a.admin.http : httpClient(server.url)
    const response = await http.post(path.replace('HOOK', ids.hook).replace('TOOL', ids.tool), eleven)
    expect(response.status).toBe(413)
    expect(await health()).toBe(200)
  })

  it('an 11 MiB Socket.IO message drops that connection only', async () => {
    const big = await connectSocket(server.url, a.admin.accessToken)
    const outcome = await Promise.race([
      socketCall(big, 'create', 'flows', undefined, { name: 'big', description: 'x'.repeat(11 * 1024 * 1024) }),
      new Promise<{ status: number }>((resolve) => big.socket?.on('disconnect', () => resolve({ status: -1 }))),
      new Promise<{ status: number }>((resolve) => setTimeout(() => resolve({ status: -2 }), 15_000))
    ])
    big.close()
    expect(outcome.status, 'the connection was dropped, not left hanging').toBe(-1)
    expect((await a.admin.http.get('/flows?name=big')).body.total).toBe(0)
    expect((await socketCall(socket, 'find', 'flows')).status).toBe(200)
    expect(await health()).toBe(200)
  })
})

describe('depth', () => {
  const deepObject = deeplyNested(5000)
  const deepArray = deeplyNested(100_000, '[', ']', '')

  it.each([
    ['node params of a flow', () => `{"name":"deep","nodes":[{"id":"in","type":"trigger.manual","params":${deepObject}}]}`, '/flows'],
    ['a tool input schema', () => `{"name":"deep","kind":"code","code":"export default () => 1","inputSchema":${deepObject}}`, '/tools'],
    ['a signup', () => `{"tenant":${deepObject},"name":"n","email":"deep@example.test","password":"long password"}`, '/signup'],
    ['provider options', () => `{"name":"deep","kind":"scripted","options":${deepObject}}`, '/llm-providers']
  ])('5000-deep JSON in %s is a 4xx, and the server keeps serving', async (_case, body, path) => {
    const response = await a.admin.http.post(path, body())
    expect4xx(response.status, JSON.stringify(response.body))
    expect(await health()).toBe(200)
  })

  it('5000-deep tool test-run args fail that run (ok: false), and the server keeps serving', async () => {
    const response = await a.admin.http.post(`/tools/${ids.tool}/test`, `{"args":{"a":${deepObject}}}`)
    expect(response.status).not.toBe(500)
    if (response.status === 201) expect(response.body).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON-serializable/) })
    expect(await health()).toBe(200)
  })

  it.each([
    ['an execution input', () => `{"flowId":"${ids.plain}","input":${deepObject}}`, () => '/executions'],
    ['an execution input of 100,000 nested arrays', () => `{"flowId":"${ids.plain}","input":${deepArray}}`, () => '/executions'],
    ['a webhook body', () => deepObject, () => `/hooks/${ids.hook}`],
    ['tool.call args in a flow', () => `{"name":"deep","nodes":[{"id":"t","type":"tool.call","params":{"toolId":"${ids.tool}","args":${deepObject}}}]}`, () => '/flows']
  ])('5000-deep JSON in %s is a 4xx, not a 500', async (_case, body, path) => {
    const response = await a.admin.http.post(path(), body())
    expect(await health()).toBe(200)
    expect4xx(response.status, JSON.stringify(response.body))
  })

  it('5000-deep JSON in an execution input over Socket.IO is a 4xx', async () => {
    const code = await rawSocketCall(server.url, a.admin.accessToken, 'create', 'executions', `{"flowId":"${ids.plain}","input":${deepObject}},{}`)
    expect(await health()).toBe(200)
    expect4xx(code, 'socket create')
  })

  it('3000-deep JSON, which the server does take, runs to its end', async () => {
    const code = await rawSocketCall(server.url, a.admin.accessToken, 'create', 'executions', `{"flowId":"${ids.plain}","input":${deeplyNested(3000)}},{}`)
    expect(code === 0 || (code >= 400 && code < 500), String(code)).toBe(true)
    if (code === 0) {
      const latest = (await a.admin.http.get(`/executions?flowId=${ids.plain}&$sort[createdAt]=-1&$limit=1`)).body.data[0]
      expect((await waitForExecution(a.admin.http.get, latest.id, 10_000)).status).toMatch(/succeeded|failed/)
    }
  })
})

describe('NUL characters', () => {
  it.each([
    ['a flow name', () => a.admin.http.post('/flows', { name: 'a\u0000b' })],
    ['a flow description', () => a.admin.http.post('/flows', { name: 'n', description: 'a\u0000b' })],
    ['an execution input value', () => a.admin.http.post('/executions', { flowId: ids.plain, input: { text: 'a\u0000b' } })],
    ['an execution input key', () => a.admin.http.post('/executions', { flowId: ids.plain, input: { 'a\u0000': 1 } })],
    ['a tool description', () => a.admin.http.post('/tools', { name: 'nul', kind: 'code', description: '\u0000', code: 'export default () => 1' })],
    ['an agent name', () => a.admin.http.post('/agents', { name: 'a\u0000', role: 'r', goal: 'g' })],
    ['a public signup', () => httpClient(server.url).post('/signup', { tenant: { name: 'a\u0000' }, name: 'n', email: 'nul@example.test', password: 'long password' })],
    ['a public login', () => httpClient(server.url).post('/authentication', { strategy: 'local', email: 'a\u0000@example.test', password: 'long password' })]
  ])('in %s is a 4xx, not a 500', async (_case, send) => {
    expect4xx((await send()).status, _case)
  })

  // jsonb cannot hold NUL: it is stored as U+FFFD, and the execution ends.
  it('in a node\'s output does not leave the execution unfinished', async () => {
    const flow = await created(a.admin, '/flows', flowBody('nul output', [node('in', 'trigger.manual'), node('t', 'data.transform', { expression: '"a" & $substring("x\\u0000", 1)' })], [['in', 't']]))
    const started = await created(a.admin, '/executions', { flowId: flow.id, input: {} })
    expect((await waitForExecution(a.admin.http.get, started.id, 5000)).status).toMatch(/succeeded|failed/)
  })
})

describe('prototype pollution', () => {
  const polluting = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'

  it.each([
    ['an execution input', () => `{"flowId":"${ids.plain}","input":${polluting}}`, () => '/executions', true],
    ['tool test-run args', () => `{"args":${polluting}}`, () => `/tools/${ids.tool}/test`, true],
    ['a webhook body', () => polluting, () => `/hooks/${ids.hook}`, false],
    ['a signup', () => `{"tenant":{"name":"p"},"name":"n","email":"proto@example.test","password":"long password","__proto__":{"role":"admin"}}`, () => '/signup', false]
  ])('__proto__ keys in %s over REST are a 400', async (_case, body, path, authenticated) => {
    const http = authenticated ? a.admin.http : httpClient(server.url)
    const response = await http.post(path(), body())
    expect(response.status).toBe(400)
    expectNoPollution()
  })

  it('__proto__ keys over Socket.IO stay inert data everywhere they are accepted or are refused', async () => {
    const bad = JSON.parse(polluting)
    const outcomes = {
      input: await socketCall(socket, 'create', 'executions', undefined, { flowId: ids.plain, input: bad }),
      args: await socketCall(socket, 'create', `tools/${ids.tool}/test`, undefined, { args: bad }),
      secrets: await socketCall(socket, 'create', 'tools', undefined, { name: 'p1', kind: 'http', http: { method: 'GET', url: stubUrl }, secrets: JSON.parse('{"__proto__":"x","constructor":"y"}') }),
      schema: await socketCall(socket, 'create', 'tools', undefined, { name: 'p2', kind: 'code', code: 'export default () => 1', inputSchema: { type: 'object', ...bad } }),
      options: await socketCall(socket, 'create', 'llm-providers', undefined, { name: 'p', kind: 'scripted', options: bad, pricing: bad }),
      params: await socketCall(socket, 'create', 'flows', undefined, { name: 'p', nodes: [{ id: 't', type: 'tool.call', params: { toolId: ids.tool, args: bad } }] }),
      agent: await socketCall(socket, 'create', 'agents', undefined, { name: 'p', role: 'r', goal: 'g', outputSchema: { type: 'object', ...bad } }),
      patch: await socketCall(socket, 'patch', 'users', a.admin.id, bad)
    }
    expectNoPollution()
    for (const [what, outcome] of Object.entries(outcomes)) expect(outcome.status, `${what}: ${JSON.stringify(outcome.body)}`).toBeLessThan(500)
    if (outcomes.input.status === 201) {
      const done = await waitForExecution(a.admin.http.get, outcomes.input.body.id)
      expect(done.status).toBe('succeeded')
    }
    expectNoPollution()
    expect((await a.admin.http.get(`/users/${a.admin.id}`)).body.role).toBe('admin')
    expect((await run([node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']], { fine: true })).output).toEqual({ fine: true })
  })
})

describe('template and expression injection', () => {
  it('templates read plain data paths only: no prototype, constructor or code', async () => {
    const prompt = [
      "{{ constructor.constructor('return process')() }}",
      '{{ input.constructor }}',
      '{{ input.__proto__ }}',
      '{{ input.constructor.prototype }}',
      '{{ nodes.in.output.constructor.name }}',
      '{{ value.toString }}',
      '{{ input["__proto__"] }}',
      '{{ process.env }}',
      '{{ global.process }}'
    ].join('|')
    const done = await run([node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt }), node('out', 'flow.output')], [['in', 'ask'], ['ask', 'out']], { a: 1 })
    expect(done.status).toBe('succeeded')
    // Anything but a plain data path stays as written; refused keys and unknown roots read as nothing.
    expect(done.output.text).not.toMatch(/native code|\[object|function \w*\(|"pid"|"env"|"versions"/)
    expectNoPollution()
  })

  it('an input that is itself a template is not rendered again', async () => {
    const done = await run(
      [node('in', 'trigger.manual'), node('ask', 'llm.prompt', { prompt: 'Q: {{ input.question }}' }), node('out', 'flow.output')],
      [['in', 'ask'], ['ask', 'out']],
      { question: '{{ input.secret }}', secret: 'hidden-value' }
    )
    expect(done.output.text).toBe('echo: Q: {{ input.secret }}')
  })

  it.each([
    ['$eval of JavaScript-looking text', '$eval("input.constructor.constructor(\\"return process\\")()")'],
    ['a constructor path', 'input.constructor.constructor("return globalThis.pwned = 1")()'],
    ['a function\'s constructor', '($f := $string; $f.constructor("return globalThis.pwned = 1")())'],
    ['$lookup of __proto__', '$lookup(input, "__proto__")'],
    ['$merge with a __proto__ key', '$merge([{}, {"__proto__": {"polluted": true}}])'],
    ['$spread of the input', '$string($spread(input))'],
    ['$keys of the prototype', '$keys(input.__proto__)']
  ])('JSONata with %s runs inert: no process, no pollution', async (_case, expression) => {
    const done = await run([node('in', 'trigger.manual'), node('t', 'data.transform', { expression }), node('out', 'flow.output')], [['in', 't'], ['t', 'out']], { a: 1 })
    expect(['succeeded', 'failed']).toContain(done.status)
    expect(JSON.stringify(done.output ?? null)).not.toMatch(/"pid"|"env"|native code/)
    expectNoPollution()
  })

  it.each([
    ['a range over the size limit', '$count([1..100000000])'],
    ['runaway recursion', '($f := function($x) { $f($x + 1) }; $f(0))'],
    ['a long busy loop', '$sum([1..9000000].($ * 2))']
  ])('JSONata with %s fails its node in bounded time while the server keeps answering', async (_case, expression) => {
    const started = Date.now()
    const pending = run([node('in', 'trigger.manual'), node('t', 'logic.condition', { expression })], [['in', 't']])
    await new Promise((resolve) => setTimeout(resolve, 200))
    const healthStarted = Date.now()
    expect(await health()).toBe(200)
    expect(Date.now() - healthStarted).toBeLessThan(2000)
    const done = await pending
    expect(done.status).toBe('failed')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  describe('HTTP tool templates', () => {
    let toolId: string
    beforeAll(async () => {
      toolId = (
        await created(a.admin, '/tools', {
          name: 'api',
          kind: 'http',
          inputSchema: { type: 'object', properties: { q: { type: 'string' }, p: { type: 'string' }, h: { type: 'string' } } },
          http: {
            method: 'POST',
            url: `${stubUrl}/search/{{ args.p }}?q={{ args.q }}`,
            headers: { Authorization: 'Bearer {{ secrets.token }}', 'X-Q': '{{ args.h }}' },
            body: { q: '{{ args.q }}', fixed: 'x' }
          },
          secrets: { token: toolSecret }
        })
      ).id
    })

    it('an argument that is itself a template is not rendered: the secret is sent only where the tool puts it', async () => {
      const injected = '{{ secrets.token }}'
      const before = seen.length
      const result = await a.admin.http.post(`/tools/${toolId}/test`, { args: { q: injected, p: injected, h: injected } })
      expect(result.body.ok, JSON.stringify(result.body)).toBe(true)
      const request = seen[before]
      expect(request.headers.authorization).toBe(`Bearer ${toolSecret}`)
      expect(request.url).not.toContain(toolSecret)
      expect(request.body).not.toContain(toolSecret)
      expect(String(request.headers['x-q'])).not.toContain(toolSecret)
      expect(new URL(request.url, stubUrl).searchParams.get('q')).toBe(injected)
    })

    it('arguments cannot add query parameters, climb the path or inject headers', async () => {
      const before = seen.length
      const ok = await a.admin.http.post(`/tools/${toolId}/test`, { args: { q: 'x&admin=true#frag', p: '../admin', h: 'fine' } })
      expect(ok.body.ok, JSON.stringify(ok.body)).toBe(true)
      const url = new URL(seen[before].url, stubUrl)
      expect(url.pathname).not.toBe('/admin')
      expect(url.pathname.startsWith('/search/')).toBe(true)
      expect([...url.searchParams.keys()]).toEqual(['q'])
      expect(url.searchParams.get('q')).toBe('x&admin=true#frag')
      const split = await a.admin.http.post(`/tools/${toolId}/test`, { args: { q: 'x', p: 'y', h: 'a\r\nX-Injected: 1' } })
      expect(split.body.ok).toBe(false)
      expect(seen.some((request) => 'x-injected' in request.headers)).toBe(false)
    })
  })

  it('after all of it, the server still runs flows', async () => {
    expect((await run([node('in', 'trigger.manual'), node('out', 'flow.output')], [['in', 'out']], { still: 'fine' })).output).toEqual({ still: 'fine' })
    expectNoPollution()
  })
})
